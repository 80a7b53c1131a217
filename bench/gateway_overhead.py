#!/usr/bin/env python3
"""Gateway overhead: requests/s and latency of a deployed app, directly and through the gateway's
authenticated route, with the same load tool (wrk) in the same run, 30 s each.

Starts its own platform (fresh data directory, ports shifted by 4000), logs in as the generated admin,
uploads the Java sample renamed `bench-hello` with `"access": "platform"` (so its link needs a token),
deploys it, then runs wrk against the instance's own port and against /apps/bench-hello/health on the
gateway with the bearer token. Needs `wrk` (Debian package wrk). Only 127.0.0.1 is contacted; each
load run is bounded by its duration.

    bench/gateway_overhead.py [--seconds 30] [--connections 16]
"""
import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile

import benchlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OFFSET = 4000
GATEWAY = f"http://127.0.0.1:{8080 + OFFSET}"


def call(method, path, body=None, headers=None):
    req = urllib.request.Request(GATEWAY + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def sample(token, cpu=None):
    status, bundle = call("GET", "/api/contracts", headers={"Authorization": f"Bearer {token}"})
    assert status == 200, status
    with zipfile.ZipFile(io.BytesIO(bundle)) as contract:
        inner = next(n for n in contract.namelist() if n.endswith("java-hello.zip"))
        with zipfile.ZipFile(io.BytesIO(contract.read(inner))) as original:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as renamed:
                for item in original.namelist():
                    data = original.read(item)
                    if item == "appConfig.json":
                        config = json.loads(data)
                        config.update(name="bench-hello", access="platform")
                        data = json.dumps(config).encode()
                    elif cpu is not None and item.startswith("services/") and item.endswith("/config.json"):
                        config = json.loads(data)
                        config["resources"] = dict(config.get("resources") or {}, cpu=cpu)
                        data = json.dumps(config).encode()
                    renamed.writestr(item, data)
            return out.getvalue()


def wrk(url, seconds, connections, token=None):
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, latency.get("50"), latency.get("99"), int(errors.group(1)) if errors else 0


def main():
    global GATEWAY
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--app-cpu", type=float, help="the app's resources.cpu (a container's CPU quota)")
    benchlib.add_platform_arguments(parser, OFFSET)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("gateway_overhead: needs wrk, the HTTP load tool (Debian: apt-get install wrk); nothing was started")
    warmup, single = (1, 1) if args.smoke else (15, 10)
    if args.smoke:
        args.seconds = 1
    GATEWAY = f"http://127.0.0.1:{8080 + args.port_offset}"
    with benchlib.platform(args, "gateway") as (data, _):
        user, password = benchlib.admin_login(data)
        status, answer = call("POST", "/api/auth/login", json.dumps({"username": user, "password": password}).encode(),
                              {"Content-Type": "application/json"})
        assert status == 200, answer
        token = json.loads(answer)["token"]
        auth = {"Authorization": f"Bearer {token}"}
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench-hello.zip\"\r\n"
                f"Content-Type: application/zip\r\n\r\n").encode() + sample(token, args.app_cpu) + f"\r\n--{boundary}--\r\n".encode()
        status, answer = call("POST", "/api/apps", body, {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status in (201, 409), answer
        status, answer = call("POST", "/api/apps/bench-hello/deployments", b'{"schedule":{"type":"now"}}',
                              {**auth, "Content-Type": "application/json"})
        assert status == 202, answer
        deployment = json.loads(answer)["id"]
        for _ in range(600):
            status, answer = call("GET", f"/api/deployments/{deployment}", headers=auth)
            state = json.loads(answer)
            if state["status"] == "RUNNING":
                break
            time.sleep(0.1)
        assert state["status"] == "RUNNING", f"the bench app did not start within 60 s: {state}"
        endpoint = state["instances"][0]["endpoint"]
        for _ in range(100):  # the registration reaches the gateway a moment after RUNNING
            anonymous = call("GET", "/apps/bench-hello/health")
            if anonymous[0] != 404:
                break
            time.sleep(0.1)
        assert anonymous[0] == 401, f"the platform-access app must need a token: {anonymous}"
        app_link = f"{GATEWAY}/apps/bench-hello/health"
        wrk(app_link, warmup, args.connections, token)  # warm-up of the gateway's JIT, not counted
        direct = wrk(f"http://{endpoint}/health", args.seconds, args.connections)
        gateway = wrk(app_link, args.seconds, args.connections, token)
        print(f"direct : {direct[0]:.0f} req/s, p50 {direct[1]}, p99 {direct[2]}, non-2xx {direct[3]}")
        print(f"gateway: {gateway[0]:.0f} req/s, p50 {gateway[1]}, p99 {gateway[2]}, non-2xx {gateway[3]}")
        print(f"gateway/direct throughput: {gateway[0] / direct[0]:.0%}")
        # One connection: the latency a single request gains, without queueing behind others.
        direct1 = wrk(f"http://{endpoint}/health", single, 1)
        gateway1 = wrk(app_link, single, 1, token)
        print(f"1 connection: direct p50 {direct1[1]} p99 {direct1[2]}; gateway p50 {gateway1[1]} p99 {gateway1[2]}")
        print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d', time.gmtime())}; "
              f"wrk -t2 -c{args.connections} -d{args.seconds}s")
        call("DELETE", f"/api/deployments/{deployment}", headers=auth)
    benchlib.print_figures({"direct_rps": direct[0], "gateway_rps": gateway[0], "gateway_share": gateway[0] / direct[0],
                            "direct_p50": direct1[1], "gateway_p50": gateway1[1],
                            "gateway_non_2xx": gateway[3]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
