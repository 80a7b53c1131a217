#!/usr/bin/env python3
"""Fleet start benchmark: `iotp up --nodes` of three nodes from nothing to healthy, a second `up` that has
nothing to copy or start, a service replica killed under steady API load, and `iotp down --nodes`, timed.

The nodes are containers of the test fleet's image (`./iotp images --with-test-images` makes it), each
with host networking and its OpenSSH server and every component on its own address, 127.0.0.51 to .53,
as FleetIT has them: a Kafka broker on each (the quorum of three), node-1 also the store, the directory
and the blob store, node-2 and node-3 a replica of every service and a gateway each, and a node agent on
each. Between the second `up` and `down`, API calls go through node-2's gateway (GET, one at a time on
each of 4 threads, 20 s at most, 20,000 at most) to app-controller and node-manager, and 5 s in, the
app-controller replica of node-3 is killed with `kill -9`: every call that did not get 200 is counted,
and those in the 5 s after the kill. The nodes are removed at the end, whatever happened.
`--smoke` checks that the benchmark works, on two nodes (node-3 left out: the replica killed is then node-2's,
the only one) so that it costs the suite half a fleet's start; its figures are not the benchmark's.
  python3 bench/fleet_start.py [--runs N] [--smoke]
The last line is `figures: {json}`: the medians in seconds, the calls summed over the runs.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import benchlib

IMAGE = "iotp-test/fleet-node:bookworm"
ADDRESSES = ["127.0.0.51", "127.0.0.52", "127.0.0.53"]
ROLES = ["[infra, apps]", "[infra, services, apps]", "[infra, services, apps]"]
LOAD_SECONDS = 20
KILL_AFTER_SECONDS = 5
LOAD_THREADS = 4
LOAD_CALLS_MAX = 20_000


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


def one_run(work, addresses):
    """Fresh nodes: (first up, second up, down) in seconds, the first up's output, and the calls."""
    key = os.path.join(work, "id_fleet")
    # the image has ssh-keygen, whether or not this machine does
    docker("run", "--rm", "--network", "none", "-v", f"{work}:/keys", IMAGE, "ssh-keygen", "-q", "-t", "ed25519",
           "-N", "", "-f", "/keys/id_fleet")
    public_key = open(key + ".pub").read().strip()
    containers, nodes = [], []
    try:
        for i, address in enumerate(addresses):
            port = free_port()
            containers.append(docker("run", "-d", "--network", "host", "--label", "io.iotp.bench=fleet_start",
                                     "-e", f"IOTP_NODE_ADDRESS={address}", "-e", f"IOTP_NODE_SSH_PORT={port}",
                                     "-e", f"IOTP_AUTHORIZED_KEY={public_key}", IMAGE))
            nodes.append(f"  - name: node-{i + 1}\n    host: {address}\n    port: {port}\n    roles: {ROLES[i]}\n")
        for i, address in enumerate(addresses):
            wait_for_ssh(address, int(re.search(r"port: (\d+)", nodes[i]).group(1)))
        nodes_file = os.path.join(work, "nodes.yml")
        with open(nodes_file, "w") as f:
            f.write(f"ssh:\n  user: iotp\n  key: {key}\nnodes:\n" + "".join(nodes))
        options = ["--nodes", nodes_file, "--known-hosts", os.path.join(work, "known_hosts"), "--data-dir",
                   os.path.join(work, "admin")]
        first, output = timed_iotp(["up", *options, "--accept-new-host-keys"], "iotp up --nodes")
        second, _ = timed_iotp(["up", *options], "iotp up --nodes (again)")
        calls = replica_killed_under_load(containers, addresses)
        down, _ = timed_iotp(["down", *options], "iotp down --nodes")
        return first, second, down, output, calls
    finally:
        for container in containers:
            subprocess.run(["docker", "rm", "-f", "-v", container], stdout=subprocess.DEVNULL)


def replica_killed_under_load(containers, addresses):
    """API calls through node-2's gateway while the last node's app-controller replica is killed: (calls,
    failed, failed within KILL_AFTER_SECONDS of the kill)."""
    user, password = docker("exec", containers[0], "cat", "/home/iotp/iotp/data/admin-credentials").split(":", 1)
    gateway = f"http://{addresses[1]}:8080"
    login = urllib.request.Request(gateway + "/api/auth/login", method="POST",
                                   data=json.dumps({"username": user, "password": password}).encode(),
                                   headers={"Content-Type": "application/json"})
    token = json.load(urllib.request.urlopen(login, timeout=10))["token"]
    results = []  # (monotonic time, ok)
    lock = threading.Lock()
    begin = time.monotonic()
    end = begin + LOAD_SECONDS

    def call_api(worker):
        for n in range(LOAD_CALLS_MAX // LOAD_THREADS):
            if time.monotonic() >= end:
                return
            path = "/api/apps" if (n + worker) % 2 == 0 else "/api/nodes"
            request = urllib.request.Request(gateway + path, headers={"Authorization": "Bearer " + token})
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    ok = answer.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                results.append((time.monotonic(), ok))

    workers = [threading.Thread(target=call_api, args=(i,)) for i in range(LOAD_THREADS)]
    for worker in workers:
        worker.start()
    time.sleep(KILL_AFTER_SECONDS)
    killed = time.monotonic()
    docker("exec", containers[-1], "sh", "-c",
           "kill -9 $(cut -d' ' -f1 /home/iotp/iotp/data/run/app-controller.pid)")
    for worker in workers:
        worker.join(LOAD_SECONDS + 15)
    failed = sum(1 for _, ok in results if not ok)
    after_kill = [ok for at, ok in results if killed <= at < killed + KILL_AFTER_SECONDS]
    return len(results), failed, len(after_kill), sum(1 for ok in after_kill if not ok)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="one run: checks that the benchmark works")
    args = parser.parse_args()
    # stopped from outside (a time limit), the nodes are still removed: the finally blocks run
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    runs = 1 if args.smoke else args.runs
    addresses = ADDRESSES[:2] if args.smoke else ADDRESSES
    os.environ["IOTP_BASE_IMAGES"] = "0"  # ./iotp would check the runtime images first: not part of a fleet's start
    if subprocess.run(["docker", "image", "inspect", IMAGE], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        raise SystemExit(f"the image {IMAGE} is missing: sudo ./iotp images --with-test-images makes it")
    results = []
    for run in range(runs):
        work = tempfile.mkdtemp(prefix="iotp-bench-fleet.")
        try:
            first, second, down, output, calls = one_run(work, addresses)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        copies = [float(m) for m in re.findall(r"platform copied: .* in ([0-9.]+) s", output)]
        nodes_up = [float(m) for m in re.findall(r"Node node-\d is up \(([0-9.]+) s\)", output)]
        print(f"run {run + 1}: {len(addresses)} nodes from nothing to healthy {first:.1f} s (copies up to {max(copies):.1f} s, "
              f"nodes up to {max(nodes_up):.1f} s); again {second:.1f} s; down {down:.1f} s; a replica of "
              f"app-controller killed under load: {calls[1]} of {calls[0]} API calls failed, {calls[3]} of the "
              f"{calls[2]} in the {KILL_AFTER_SECONDS} s after the kill", flush=True)
        results.append((first, second, down, max(copies), calls))
    median = lambda i: round(statistics.median(r[i] for r in results), 1)
    total = lambda i: sum(r[4][i] for r in results)
    benchlib.print_figures({"fleet_up_s": median(0), "fleet_up_again_s": median(1), "fleet_down_s": median(2),
                            "fleet_copy_s": median(3), "replica_kill_calls": total(0),
                            "replica_kill_failed": total(1), "replica_kill_calls_after": total(2),
                            "replica_kill_failed_after": total(3), "runs": runs})


if __name__ == "__main__":
    main()
