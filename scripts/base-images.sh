#!/usr/bin/env bash
# Makes the runtime base images that app containers start from, on this machine, since no image
# registry can be pulled from: a Debian minbase root filesystem (debootstrap) with an unprivileged user
# `app` (uid and gid 10001, home /work), plus python3, nodejs or a Java runtime (jlink of JAVA_HOME),
# imported with `docker import`:
#   iotp-runtime/command:bookworm  iotp-runtime/python:bookworm  iotp-runtime/node:bookworm  iotp-runtime/java:bookworm
# Run it as `./iotp images [--only python,java] [--force] [--quiet] [--check] [--verbose] [--with-test-images]`.
# The test fleet's node image, iotp-test/fleet-node:bookworm (sshd, cron, python3 and a Java runtime, for container
# "nodes" on 127.0.0.N addresses), is made only when asked for: --only fleet-node or --with-test-images.
# An image whose label io.iotp.base.recipe matches this file (and for java the JDK) is kept; the minbase
# root filesystem is kept as a tarball under ${IOTP_CACHE_DIR:-~/.cache/iotp}/base-images/, so rebuilding
# one image does not run debootstrap again.
set -euo pipefail
export LC_ALL=C # the elapsed-time arithmetic reads EPOCHREALTIME with a decimal point

SCRIPT="$(readlink -f "${BASH_SOURCE[0]}")"
SUITE=bookworm
KINDS=(command python node java)
TEST_KINDS=(fleet-node)
APP_UID=10001
JAVA_MODULES=(java.se jdk.unsupported jdk.crypto.ec jdk.zipfs jdk.httpserver)
CACHE_DIR="${IOTP_CACHE_DIR:-$HOME/.cache/iotp}/base-images"

usage() {
  cat <<EOF
Usage: ./iotp images [options]
Builds the runtime base images for app containers (iotp-runtime/{command,python,node,java}:$SUITE),
once: an image built by this version of the script (and for java, from the same JDK) is kept.

  --only LIST   only these images, comma-separated: ${KINDS[*]} ${TEST_KINDS[*]}
  --with-test-images
                also the test fleet's node image (iotp-test/fleet-node:$SUITE: openssh-server, cron, python3,
                the whole Java runtime of JAVA_HOME); ./iotp test asks for it
  --force       rebuild the images, and the Debian root filesystem they start from
  --check       build nothing; exit 1 when an image is missing or out of date
  --quiet       print nothing when every image is up to date
  --verbose     show the output of debootstrap, apt-get and jlink as they run

Building needs root (debootstrap and chroot), debootstrap and a running Docker engine.
Environment: IOTP_DEBIAN_MIRROR (default: the Debian mirror in /etc/apt, else http://deb.debian.org/debian),
IOTP_DEBIAN_SECURITY_MIRROR (default: the one in /etc/apt, else http://deb.debian.org/debian-security),
IOTP_CACHE_DIR (default ~/.cache/iotp; the root filesystem is cached in its base-images/),
JAVA_HOME (the JDK 21+ whose runtime goes into the java image; ./iotp sets it).
EOF
}

die() {
  echo "iotp images: $*" >&2
  exit 1
}

only="" force=0 check=0 quiet=0 verbose=0 with_test=0
while [ $# -gt 0 ]; do
  case "$1" in
    --only) [ $# -ge 2 ] || die "--only needs a list, e.g. --only python,java"; only="$2"; shift 2 ;;
    --only=*) only="${1#--only=}"; shift ;;
    --force) force=1; shift ;;
    --check) check=1; shift ;;
    --quiet | -q) quiet=1; shift ;;
    --verbose | -v) verbose=1; shift ;;
    --with-test-images) with_test=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "iotp images: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

selected=()
if [ -n "$only" ]; then
  IFS=',' read -r -a wanted <<<"$only"
  for kind in "${wanted[@]}"; do
    case " ${KINDS[*]} ${TEST_KINDS[*]} " in
      *" $kind "*) selected+=("$kind") ;;
      *) die "unknown image '$kind' in --only: choose from ${KINDS[*]} ${TEST_KINDS[*]}" ;;
    esac
  done
else
  selected=("${KINDS[@]}")
fi
if [ "$with_test" = 1 ]; then
  for kind in "${TEST_KINDS[@]}"; do
    case " ${selected[*]} " in *" $kind "*) ;; *) selected+=("$kind") ;; esac
  done
fi

say() {
  [ "$quiet" = 1 ] || echo "$@"
}

image_of() {
  case "$1" in
    fleet-node) echo "iotp-test/fleet-node:$SUITE" ;;
    *) echo "iotp-runtime/$1:$SUITE" ;;
  esac
}

uses_java() { # KIND: whether the image holds a runtime made from JAVA_HOME
  [ "$1" = java ] || [ "$1" = fleet-node ]
}

now() {
  echo "${EPOCHREALTIME:-$(date +%s)}"
}

seconds_since() { # one decimal below 10 s, whole seconds above
  awk -v a="$1" -v b="$(now)" 'BEGIN { d = b - a; printf(d < 10 ? "%.1f" : "%.0f", d) }'
}

# ---- what is wanted, and what is already there ----------------------------------------------------

if ! command -v docker >/dev/null 2>&1; then
  die "the docker command is missing. Install Docker (Debian: apt-get install docker.io) and start it."
fi
if ! docker_error="$(docker info 2>&1 >/dev/null)"; then
  {
    echo "iotp images: the Docker engine is not reachable:"
    echo "$docker_error" | sed 's/^/  /'
    if [[ "$docker_error" == *"permission denied"* ]]; then
      echo "It runs, but this user may not use it: use sudo, or join the docker group."
    else
      echo "Start it: systemctl start docker, or as root without systemd: dockerd >/var/log/dockerd.log 2>&1 &"
    fi
  } >&2
  exit 1
fi

java_property() { # NAME: a system property of $JAVA_HOME/bin/java
  "$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' -v name="$1" '$1 ~ "^ *" name "$" { print $2; exit }'
}

java_version=""
if [[ " ${selected[*]} " == *" java "* ]] || [[ " ${selected[*]} " == *" fleet-node "* ]]; then
  [ -n "${JAVA_HOME:-}" ] || die "the java image is made from JAVA_HOME, which is not set: run ./iotp images, or set JAVA_HOME to a JDK 21+."
  [ -x "$JAVA_HOME/bin/jlink" ] || die "$JAVA_HOME/bin/jlink is missing: JAVA_HOME must be a full JDK 21+ (jlink makes the java image's runtime)."
  java_major="$(java_property java.specification.version | cut -d. -f1)"
  [ "${java_major:-0}" -ge 21 ] 2>/dev/null || die "$JAVA_HOME is Java ${java_major:-?}; the java image needs a JDK 21 or newer."
  java_version="$(java_property java.runtime.version)"
  java_recipe="$java_version $(java_property java.vendor)"
fi

script_sum="$(sha256sum "$SCRIPT" | cut -d' ' -f1)"
recipe_of() { # KIND: the label value that says an image was built by this script (and this JDK)
  if uses_java "$1"; then
    printf '%s\n%s\n' "$script_sum" "$java_recipe" | sha256sum | cut -d' ' -f1
  else
    echo "$script_sum"
  fi
}

mkdir -p "$CACHE_DIR"
if command -v flock >/dev/null 2>&1; then # two builds at once would import the same names twice
  exec 9>"$CACHE_DIR/.lock"
  if ! flock -n 9; then
    echo "Waiting for another base-image build to finish ($CACHE_DIR/.lock)..."
    flock 9
  fi
fi

todo=()
for kind in "${selected[@]}"; do
  current="$(docker image inspect --format '{{ index .Config.Labels "io.iotp.base.recipe" }}' "$(image_of "$kind")" 2>/dev/null || true)"
  if [ "$force" = 1 ] || [ "$current" != "$(recipe_of "$kind")" ]; then
    todo+=("$kind")
  elif [ "$check" = 0 ]; then
    say "$(image_of "$kind") is up to date"
  fi
done

print_sizes() {
  local kind size
  echo "Image sizes:"
  for kind in "${selected[@]}"; do
    size="$(docker image inspect --format '{{ .Size }}' "$(image_of "$kind")" 2>/dev/null || true)"
    if [ -n "$size" ]; then printf '  %-30s %5d MB\n' "$(image_of "$kind")" "$((size / 1000000))"; fi
  done
}

if [ "$check" = 1 ]; then
  for kind in "${todo[@]}"; do
    say "$(image_of "$kind") is missing or out of date"
  done
  exit $((${#todo[@]} > 0))
fi
if [ ${#todo[@]} -eq 0 ]; then
  [ "$quiet" = 1 ] || print_sizes
  exit 0
fi

# ---- building ------------------------------------------------------------------------------------

minbase_recipe() { # what the cached root filesystem depends on: a change to it makes a new one
  printf '%s %s\n' "$SUITE" "$APP_UID"
  declare -f make_minbase prepare_minbase update_minbase apt_in_root clean_rootfs in_root
}

apt_mirror() { # SUITE DEFAULT: the mirror this machine's apt uses for exactly SUITE, else DEFAULT
  local suite="$1" default="$2" file mirror=""
  for file in /etc/apt/sources.list.d/*.sources; do # deb822 stanzas: Types, URIs, Suites
    [ -f "$file" ] || continue
    mirror="$(awk -v suite="$suite" 'BEGIN { RS = ""; FS = "\n" }
      {
        uri = ""; deb = 0; found = 0; enabled = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/ && $i ~ /[: \t]deb([ \t]|$)/) deb = 1
          if ($i ~ /^Enabled:[ \t]*no/) enabled = 0
          if ($i ~ /^URIs:/) { split(substr($i, 6), u, /[ \t]+/); uri = (u[1] != "" ? u[1] : u[2]) }
          if ($i ~ /^Suites:/) { n = split(substr($i, 8), s, /[ \t]+/); for (j = 1; j <= n; j++) if (s[j] == suite) found = 1 }
        }
        if (deb && found && enabled && uri ~ /^(https?|file):/) { print uri; exit }
      }' "$file")"
    [ -n "$mirror" ] && break
  done
  if [ -z "$mirror" ]; then
    for file in /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do # one-line entries: deb [options] uri suite components
      [ -f "$file" ] || continue
      mirror="$(awk -v suite="$suite" '$1 == "deb" {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
          if ($(i + 1) == suite && $i ~ /^(https?|file):/) { print $i; exit }
        }' "$file")"
      [ -n "$mirror" ] && break
    done
  fi
  echo "${mirror:-$default}"
}

cleanup() {
  if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
    # debootstrap mounts /proc and /sys in its target while it runs; never delete through a mount
    if command -v findmnt >/dev/null 2>&1; then
      findmnt -rn -o TARGET | { grep "^$WORK/" || true; } | sort -r | while read -r mount; do umount -l "$mount" || true; done
    fi
    rm -rf --one-file-system "$WORK"
  fi
}

step() { # LABEL MESSAGE COMMAND...: runs COMMAND (a failing command inside it stops it) and prints the time it took,
  # or, when it fails, its whole output and the exit code, and stops the script
  local label="$1" message="$2" start rc log
  shift 2
  start="$(now)"
  log="$WORK/step.log"
  if [ "$verbose" = 1 ]; then
    echo "[$label] $message ..."
    set +e
    (set -e; "$@") 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" -ne 0 ] || echo "[$label] $message: $(seconds_since "$start") s"
  else
    printf '[%s] %s ... ' "$label" "$message"
    set +e
    (set -e; "$@") >"$log" 2>&1
    rc=$?
    set -e
    [ "$rc" -ne 0 ] || echo "$(seconds_since "$start") s"
  fi
  if [ "$rc" -ne 0 ]; then
    echo "failed after $(seconds_since "$start") s (exit code $rc)"
    if [ "$verbose" = 0 ]; then
      echo "---- its output:" >&2
      cat "$log" >&2
      echo "----" >&2
    fi
    echo "iotp images: [$label] $message failed (its output is above); images built before this step are kept." >&2
    exit "$rc"
  fi
}

in_root() { # DIR COMMAND...: runs COMMAND chrooted into DIR with a clean environment
  local root="$1"
  shift
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

make_minbase() { # DIR MIRROR
  if ! debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$1" "$2"; then
    echo "---- the end of debootstrap's own log ($1/debootstrap/debootstrap.log):"
    tail -n 40 "$1/debootstrap/debootstrap.log" 2>/dev/null || true
    return 1
  fi
}

prepare_minbase() { # DIR: the app user, /app and /work, and dpkg told to leave documentation out of later installs
  local root="$1"
  in_root "$root" groupadd --gid "$APP_UID" app
  in_root "$root" useradd --uid "$APP_UID" --gid "$APP_UID" --home-dir /work --no-create-home --shell /usr/sbin/nologin app
  install -d -m 0755 -o 0 -g 0 "$root/app"
  install -d -m 0700 -o "$APP_UID" -g "$APP_UID" "$root/work"
  cat >"$root/etc/dpkg/dpkg.cfg.d/iotp-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/90iotp-no-recommends"
  find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/groff/* "$root"/usr/share/lintian/*
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  clean_rootfs "$root"
}

clean_rootfs() { # DIR: what debootstrap, apt and dpkg leave behind that an image does not need
  local root="$1"
  find "$root/var/lib/apt/lists" -mindepth 1 -type f -delete
  rm -f "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/archives/partial/*
  rm -f "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
  find "$root/var/log" -type f -delete
  rm -rf "$root"/tmp/* "$root"/var/tmp/* "$root/debootstrap"
  # Docker puts its own resolv.conf, hosts and hostname in every container; none of the host's stay in the image
  : >"$root/etc/resolv.conf"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  echo localhost >"$root/etc/hostname"
}

apt_in_root() { # DIR APT-GET-ARGUMENTS...: apt-get update, then apt-get with these arguments, in a chroot of DIR,
  # resolving names as the host does; then apt's lists and caches are dropped
  local root="$1"
  shift
  rm -f "$root/etc/resolv.conf" "$root/etc/hosts"
  if [ -e /etc/resolv.conf ]; then cp -L /etc/resolv.conf "$root/etc/resolv.conf"; fi
  if [ -e /etc/hosts ]; then cp -L /etc/hosts "$root/etc/hosts"; fi
  in_root "$root" apt-get update -q
  in_root "$root" apt-get "$@"
  in_root "$root" apt-get clean
  clean_rootfs "$root"
}

update_minbase() { # DIR MIRROR SECURITY-MIRROR: apt takes the point-release and security updates from now on
  local root="$1"
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
    "$2" "$SUITE" "$2" "$SUITE" "$3" "$SUITE" >"$root/etc/apt/sources.list"
  apt_in_root "$root" upgrade -y -q
}

add_java() { # DIR [all]: a jlinked runtime of JAVA_HOME at /opt/java (every module with "all"), java on the PATH
  local root="$1" compress=2 modules=() module available
  available="$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//')"
  if [ "${2:-}" = all ]; then
    # a JDK without packaged modules cannot put jlink (nor jpackage, which needs it) into another image
    mapfile -t modules < <(grep -vx -e jdk.jlink -e jdk.jpackage <<<"$available")
  else
    for module in "${JAVA_MODULES[@]}"; do # a module a newer JDK dropped (jdk.crypto.ec is deprecated) is left out
      if grep -qx "$module" <<<"$available"; then modules+=("$module"); else echo "$JAVA_HOME has no module $module: left out"; fi
    done
  fi
  if "$JAVA_HOME/bin/jlink" --help 2>&1 | grep -q 'zip-\[0-9\]'; then compress=zip-6; fi
  mkdir -p "$root/opt" "$root/usr/local/bin"
  "$JAVA_HOME/bin/jlink" --add-modules "$(IFS=,; echo "${modules[*]}")" --strip-debug --no-header-files \
    --no-man-pages --compress "$compress" --output "$root/opt/java"
  # a JDK whose cacerts links to the host's /etc/ssl/certs/java may pass on the link; the image needs the file
  local cacerts="$root/opt/java/lib/security/cacerts"
  if [ -L "$cacerts" ]; then cp --remove-destination -L "$JAVA_HOME/lib/security/cacerts" "$cacerts"; fi
  [ -s "$cacerts" ] || { echo "the runtime has no CA certificates ($cacerts)"; return 1; }
  ln -sfn /opt/java/bin/java "$root/usr/local/bin/java"
}

add_fleet_node() { # DIR: a node of the test fleet: sshd, cron, python3, Node.js, the whole Java runtime, the login user iotp
  local root="$1"
  apt_in_root "$root" install -y -q openssh-server python3 procps nodejs cron
  add_java "$root" all
  in_root "$root" useradd --create-home --shell /bin/bash iotp
  in_root "$root" usermod --password '*' iotp # no password, but not locked: sshd without PAM refuses a locked account
  rm -f "$root"/etc/ssh/ssh_host_*key* # every container makes its own host keys when it starts
  install -m 0755 /dev/stdin "$root/usr/local/sbin/iotp-fleet-node" <<'EOF'
#!/bin/sh
# Starts sshd in the foreground on IOTP_NODE_ADDRESS:IOTP_NODE_SSH_PORT (host networking: an address of the
# host's loopback), the user iotp logging in with the public key in IOTP_AUTHORIZED_KEY only.
# IOTP_NODE_NO_JAVA=1 takes Java off the node, as on a machine that has none.
set -eu
: "${IOTP_NODE_ADDRESS:?the address sshd listens on, e.g. 127.0.0.21}"
: "${IOTP_NODE_SSH_PORT:=22}"
: "${IOTP_AUTHORIZED_KEY:?the public key the user iotp logs in with}"
if [ "${IOTP_NODE_NO_JAVA:-0}" = 1 ]; then rm -f /usr/local/bin/java; fi
# a node started again keeps its host key, as a machine that reboots does
[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
install -d -m 0700 -o iotp -g iotp /home/iotp/.ssh
printf '%s\n' "$IOTP_AUTHORIZED_KEY" >/home/iotp/.ssh/authorized_keys
chown iotp:iotp /home/iotp/.ssh/authorized_keys
chmod 0600 /home/iotp/.ssh/authorized_keys
mkdir -p /run/sshd
cat >/etc/ssh/sshd_config.d/iotp-fleet-node.conf <<CONF
ListenAddress $IOTP_NODE_ADDRESS
Port $IOTP_NODE_SSH_PORT
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers iotp
CONF
echo "fleet node: sshd on $IOTP_NODE_ADDRESS:$IOTP_NODE_SSH_PORT, host key $(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)"
# cron runs the logins' @reboot entries as a machine's does when it boots: it runs them when
# /run/crond.reboot is missing, and the container's /run is a tmpfs, new at each start
/usr/sbin/cron
exec /usr/sbin/sshd -D -e
EOF
}

import_image() { # ROOT KIND RECIPE: docker import of ROOT (a directory or a tarball) as the image of KIND, labelled with RECIPE
  local root="$1" kind="$2" recipe="$3" env="ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8" cmd='CMD ["/bin/sh"]'
  local labels="LABEL io.iotp.base=$kind io.iotp.base.recipe=$recipe io.iotp.base.debian=$SUITE"
  case "$kind" in
    python) cmd='CMD ["python3"]' ;;
    node) cmd='CMD ["node"]' ;;
    java)
      env="$env JAVA_HOME=/opt/java"
      labels="$labels io.iotp.base.java=$java_version"
      ;;
  esac
  local user="USER $APP_UID:$APP_UID" workdir='WORKDIR /app' message="iotp runtime base image: $kind on Debian $SUITE"
  if [ "$kind" = fleet-node ]; then # sshd runs as root; the platform logs in as iotp
    user='USER 0:0' workdir='WORKDIR /' cmd='CMD ["/usr/local/sbin/iotp-fleet-node"]'
    env="ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 JAVA_HOME=/opt/java"
    labels="$labels io.iotp.base.java=$java_version"
    message="iotp test fleet node: sshd, cron, python3 and Java on Debian $SUITE"
  fi
  if [ -d "$root" ]; then tar --numeric-owner -C "$root" -c .; else cat "$root"; fi | docker import --change "$user" --change "$workdir" \
    --change "$env" --change "$cmd" --change "$labels" --message "$message" \
    - "$(image_of "$kind")"
}

try_image() { # KIND: runs the image's runtime once without a network: as the app user, and java as JAVA_HOME's version
  local image
  image="$(image_of "$1")"
  case "$1" in
    command) docker run --rm --network none "$image" /bin/sh -c "id; test \$(id -u) = $APP_UID && test -w /work && test ! -w /app" ;;
    python) docker run --rm --network none "$image" python3 -c "import os, ssl, sys; print(sys.version); sys.exit(os.getuid() != $APP_UID)" ;;
    node) docker run --rm --network none "$image" node -e "console.log(process.version); process.exit(process.getuid() === $APP_UID ? 0 : 1)" ;;
    java) docker run --rm --network none "$image" java -version 2>&1 | tee /dev/stderr | grep -F "(build $java_version)" >/dev/null ;;
    fleet-node) docker run --rm --network none "$image" sh -c "test -x /usr/sbin/sshd && python3 -V && id iotp && java -version 2>&1" |
      tee /dev/stderr | grep -F "(build $java_version)" >/dev/null ;;
  esac
}

if [ "$(id -u)" != 0 ]; then
  die "building ${todo[*]} needs root (debootstrap and chroot make the root filesystem): run sudo ./iotp images"
fi
minbase_tar="$CACHE_DIR/$SUITE-minbase-$(minbase_recipe | sha256sum | cut -c1-16).tar"
if [ "$force" = 1 ] || [ ! -s "$minbase_tar" ]; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    if [ -x /usr/sbin/debootstrap ]; then PATH="$PATH:/usr/sbin"; else die "debootstrap is missing: apt-get install debootstrap"; fi
  fi
fi

WORK="$(mktemp -d "${TMPDIR:-/var/tmp}/iotp-base-images.XXXXXX")" # /var/tmp: /tmp is often a nodev tmpfs, and chroots need /dev/null
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
started="$(now)"

if [ "$force" = 1 ] || [ ! -s "$minbase_tar" ]; then
  mirror="${IOTP_DEBIAN_MIRROR:-$(apt_mirror "$SUITE" http://deb.debian.org/debian)}"
  security_mirror="${IOTP_DEBIAN_SECURITY_MIRROR:-$(apt_mirror "$SUITE-security" http://deb.debian.org/debian-security)}"
  step base "debootstrap --variant=minbase $SUITE from $mirror" make_minbase "$WORK/minbase" "$mirror"
  step base "adding the user app ($APP_UID), /app and /work; leaving out documentation" prepare_minbase "$WORK/minbase"
  step base "Debian's updates ($SUITE-updates, $SUITE-security from $security_mirror)" \
    update_minbase "$WORK/minbase" "$mirror" "$security_mirror"
  step base "caching the root filesystem in $minbase_tar" \
    sh -c 'tar --numeric-owner -C "$1" -cf "$2.partial" . && mv "$2.partial" "$2"' sh "$WORK/minbase" "$minbase_tar"
  find "$CACHE_DIR" -maxdepth 1 -name "$SUITE-minbase-*.tar" ! -path "$minbase_tar" -delete
  rm -rf --one-file-system "$WORK/minbase"
else
  echo "[base] using the cached root filesystem $minbase_tar"
fi

for kind in "${todo[@]}"; do
  root="$WORK/$kind"
  if [ "$kind" = command ]; then
    root="$minbase_tar" # the minbase root filesystem as it is
  else
    mkdir "$root"
    step "$kind" "unpacking the root filesystem" tar --numeric-owner -C "$root" -xpf "$minbase_tar"
  fi
  case "$kind" in
    python) step python "installing python3" apt_in_root "$root" install -y -q python3 ;;
    node) step node "installing nodejs" apt_in_root "$root" install -y -q nodejs ;;
    java) step java "jlink of $JAVA_HOME ($java_version) into /opt/java" add_java "$root" ;;
    fleet-node) step fleet-node "openssh-server, cron, python3, and the whole runtime of $JAVA_HOME ($java_version)" add_fleet_node "$root" ;;
  esac
  previous="$(docker image inspect --format '{{ .Id }}' "$(image_of "$kind")" 2>/dev/null || true)"
  step "$kind" "docker import as $(image_of "$kind")" import_image "$root" "$kind" "$(recipe_of "$kind")"
  step "$kind" "trying it in a container" try_image "$kind"
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{ .Id }}' "$(image_of "$kind")")" ]; then
    docker image rm "$previous" >/dev/null 2>&1 ||
      echo "[$kind] the previous image ${previous:7:12} is kept: a container or an image built on it uses it"
  fi
  if [ -d "$root" ]; then rm -rf --one-file-system "$root"; fi
done

echo "Built ${todo[*]} in $(seconds_since "$started") s."
print_sizes
