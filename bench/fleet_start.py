#!/usr/bin/env python3
"""Fleet start benchmark: `iotp up --nodes` of three nodes from nothing to healthy, a second `up` that has
nothing to copy or start, and `iotp down --nodes`, timed.

The nodes are containers of the test fleet's image (`./iotp images --with-test-images` makes it), each
with host networking and its OpenSSH server and every component on its own address, 127.0.0.51 to .53,
as FleetIT has them: a Kafka broker on each (the quorum of three), node-1 also the store, the directory
and the blob store, node-2 the services, and a node agent on each. They are removed at
the end, whatever happened.
  python3 bench/fleet_start.py [--runs N] [--smoke]
The last line is `figures: {json}`: the medians in seconds.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

import benchlib

IMAGE = "iotp-test/fleet-node:bookworm"
ADDRESSES = ["127.0.0.51", "127.0.0.52", "127.0.0.53"]
ROLES = ["[infra, apps]", "[infra, services, apps]", "[infra, apps]"]


def docker(*arguments):
    return benchlib.run(["docker", *arguments], "docker " + arguments[0], timeout=120).strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_ssh(address, port, deadline=20):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            socket.create_connection((address, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the node's sshd at {address}:{port} did not answer within {deadline} s")


def timed_iotp(arguments, what):
    begin = time.monotonic()
    output = benchlib.run([benchlib.IOTP, *arguments], what, timeout=900)
    return time.monotonic() - begin, output


def one_run(work):
    """Three fresh nodes: (first up, second up, down) in seconds, and the first up's output."""
    key = os.path.join(work, "id_fleet")
    # the image has ssh-keygen, whether or not this machine does
    docker("run", "--rm", "--network", "none", "-v", f"{work}:/keys", IMAGE, "ssh-keygen", "-q", "-t", "ed25519",
           "-N", "", "-f", "/keys/id_fleet")
    public_key = open(key + ".pub").read().strip()
    containers, nodes = [], []
    try:
        for i, address in enumerate(ADDRESSES):
            port = free_port()
            containers.append(docker("run", "-d", "--network", "host", "--label", "io.iotp.bench=fleet_start",
                                     "-e", f"IOTP_NODE_ADDRESS={address}", "-e", f"IOTP_NODE_SSH_PORT={port}",
                                     "-e", f"IOTP_AUTHORIZED_KEY={public_key}", IMAGE))
            nodes.append(f"  - name: node-{i + 1}\n    host: {address}\n    port: {port}\n    roles: {ROLES[i]}\n")
        for i, address in enumerate(ADDRESSES):
            wait_for_ssh(address, int(re.search(r"port: (\d+)", nodes[i]).group(1)))
        nodes_file = os.path.join(work, "nodes.yml")
        with open(nodes_file, "w") as f:
            f.write(f"ssh:\n  user: iotp\n  key: {key}\nnodes:\n" + "".join(nodes))
        options = ["--nodes", nodes_file, "--known-hosts", os.path.join(work, "known_hosts"), "--data-dir",
                   os.path.join(work, "admin")]
        first, output = timed_iotp(["up", *options, "--accept-new-host-keys"], "iotp up --nodes")
        second, _ = timed_iotp(["up", *options], "iotp up --nodes (again)")
        down, _ = timed_iotp(["down", *options], "iotp down --nodes")
        return first, second, down, output
    finally:
        for container in containers:
            subprocess.run(["docker", "rm", "-f", "-v", container], stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="one run: checks that the benchmark works")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs
    os.environ["IOTP_BASE_IMAGES"] = "0"  # ./iotp would check the runtime images first: not part of a fleet's start
    if subprocess.run(["docker", "image", "inspect", IMAGE], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        raise SystemExit(f"the image {IMAGE} is missing: sudo ./iotp images --with-test-images makes it")
    results = []
    for run in range(runs):
        work = tempfile.mkdtemp(prefix="iotp-bench-fleet.")
        try:
            first, second, down, output = one_run(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        copies = [float(m) for m in re.findall(r"platform copied: .* in ([0-9.]+) s", output)]
        nodes_up = [float(m) for m in re.findall(r"Node node-\d is up \(([0-9.]+) s\)", output)]
        print(f"run {run + 1}: three nodes from nothing to healthy {first:.1f} s (copies up to {max(copies):.1f} s, "
              f"nodes up to {max(nodes_up):.1f} s); again {second:.1f} s; down {down:.1f} s", flush=True)
        results.append((first, second, down, max(copies)))
    median = lambda i: round(statistics.median(r[i] for r in results), 1)
    benchlib.print_figures({"fleet_up_s": median(0), "fleet_up_again_s": median(1), "fleet_down_s": median(2),
                            "fleet_copy_s": median(3), "runs": runs})


if __name__ == "__main__":
    main()
