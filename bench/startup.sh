#!/usr/bin/env bash
# Startup benchmark: time from `iotp up` to every component healthy, and the resident memory of all
# platform processes right after, on a fresh data directory each run (first start: Kafka storage is
# formatted, the directory seeded). Prints per-component start times, then the median of the runs.
#
# The services' start-up caches (bootstrapper StartupCaches) are compared in the same run: the caches
# are deleted first, so run 0 is the first start after a build (it makes them, timed on its own); then
# each run starts once with IOTP_STARTUP_CACHE=off (the jars as built) and once with the caches.
#   bench/startup.sh [runs]          (default 3; ports shifted by 2000 so a running platform is not disturbed)
#
# --smoke [--data-dir D] [--port-offset N] [--keep-platform]: one start on a fresh data directory with
# the jars as built (no caches made or deleted), to check that the benchmark works; with --keep-platform
# that platform is left up for other benchmarks (see bench/benchlib.py). The last line is `figures: {json}`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
OFFSET=2000
SMOKE=0
KEEP=0
DATA=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --keep-platform) KEEP=1 ;;
    --data-dir) DATA="$2"; shift ;;
    --port-offset) OFFSET="$2"; shift ;;
    [0-9]*) RUNS="$1" ;;
    *) echo "startup.sh: unknown argument '$1' (see the comment at the top of bench/startup.sh)" >&2; exit 2 ;;
  esac
  shift
done
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iotp-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

"$ROOT/iotp" --version >/dev/null  # builds on first use

if [ "$SMOKE" = 1 ]; then
  data="${DATA:-$WORK/smoke}"
  start=$(date +%s.%N)
  if ! IOTP_STARTUP_CACHE=off "$ROOT/iotp" up --data-dir "$data" --port-offset "$OFFSET" > "$WORK/up-smoke.log" 2>&1; then
    cat "$WORK/up-smoke.log" >&2
    "$ROOT/iotp" down --data-dir "$data" --port-offset "$OFFSET" > /dev/null 2>&1 || true
    echo "startup.sh: iotp up failed (its output above)" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  seconds=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}')
  echo "smoke: all healthy after ${seconds} s (jars as built)"
  if [ "$KEEP" = 1 ]; then
    echo "platform left up: $ROOT/iotp down --data-dir $data --port-offset $OFFSET"
  else
    "$ROOT/iotp" down --data-dir "$data" --port-offset "$OFFSET" > /dev/null
  fi
  echo "figures: {\"up_s\": ${seconds}}"
  exit 0
fi
rm -rf "$ROOT"/*/target/startup-cache

# one start on a fresh data directory; prints "<seconds> <resident MB>" and keeps the log as $WORK/up-<name>.log
start_once() {
  local name="$1" data="$WORK/$1"
  local start end rss_kb=0
  start=$(date +%s.%N)
  "$ROOT/iotp" up --data-dir "$data" --port-offset "$OFFSET" > "$WORK/up-$name.log"
  end=$(date +%s.%N)
  for pidfile in "$data"/run/*.pid; do
    pid=$(cut -d' ' -f1 "$pidfile")
    kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    rss_kb=$((rss_kb + kb))
  done
  "$ROOT/iotp" down --data-dir "$data" --port-offset "$OFFSET" > /dev/null
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}') $((rss_kb / 1024))"
}

read -r first first_mb < <(start_once first)
echo "run 0 (first start after a build, makes the start-up caches): all healthy after ${first} s, resident memory ${first_mb} MB"
grep -E '^  [a-z-]+ +(up in|start-up cache)' "$WORK/up-first.log" | sed 's/^/    /'

off=(); on=(); off_mb=(); on_mb=()
for run in $(seq 1 "$RUNS"); do
  read -r total mb < <(IOTP_STARTUP_CACHE=off start_once "off-$run")
  off+=("$total"); off_mb+=("$mb")
  echo "run $run, jars as built (IOTP_STARTUP_CACHE=off): all healthy after ${total} s, resident memory ${mb} MB"
  grep -E '^  [a-z-]+ +up in' "$WORK/up-off-$run.log" | sed 's/^/    /'
  read -r total mb < <(start_once "on-$run")
  on+=("$total"); on_mb+=("$mb")
  echo "run $run, with the start-up caches: all healthy after ${total} s, resident memory ${mb} MB"
  grep -E '^  [a-z-]+ +up in' "$WORK/up-on-$run.log" | sed 's/^/    /'
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
echo "median of $RUNS, jars as built: up ${off[*]} -> ${m_off} s; memory ${off_mb[*]} -> $(median "${off_mb[@]}") MB"
echo "median of $RUNS, start-up caches: up ${on[*]} -> ${m_on} s; memory ${on_mb[*]} -> $(median "${on_mb[@]}") MB"
echo "ratio (caches / jars as built): $(awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "%.2f", a / b}')"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(uname -sr), $(date -u +'%F %H:%M') UTC"
echo "figures: {\"up_s_caches\": ${m_on}, \"up_s_jars\": ${m_off}}"
