#!/usr/bin/env python3
"""Deploy-latency benchmark: time from the deployment request to the first 200 through the app link.

Starts its own platform (fresh data directory, ports shifted by 3000), logs in as the generated admin,
uploads copies of the Python
sample under distinct names, then measures
  * sequential: N deployments one after another (each stopped before the next), and
  * concurrent: rounds of K deployments requested at once,
  * new versions: the first deployment of each of M apps uploaded just before (with --app-runtime docker
    this includes building the service images),
and prints p50/p95/max of each. Every loop is bounded in count and time; only 127.0.0.1 is contacted.

    bench/deploy_latency.py [--deployments 20] [--in-flight 5] [--new-versions 3]
                            [--app-runtime process|docker] [--keep-platform] [--smoke]
                            [--data-dir D --port-offset N]   (a running platform; see benchlib.py)
"""
import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile

import benchlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OFFSET = 3000
GATEWAY = f"http://127.0.0.1:{8080 + OFFSET}"
TIMEOUT_S = 120


TOKEN = {}


def request(method, path, body=None, headers=None):
    url = path if path.startswith("http") else GATEWAY + path
    headers = dict(headers or {})
    if "token" in TOKEN:
        headers["Authorization"] = "Bearer " + TOKEN["token"]
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except (urllib.error.URLError, ConnectionError):
        return 0, b""


def sample_zip(name):
    """The Python sample from the contract bundle, renamed."""
    status, bundle = request("GET", "/api/contracts")
    assert status == 200, f"contract download failed: {status}"
    with zipfile.ZipFile(io.BytesIO(bundle)) as contract:
        inner = next(n for n in contract.namelist() if n.endswith("python-greenhouse.zip"))
        with zipfile.ZipFile(io.BytesIO(contract.read(inner))) as sample:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as renamed:
                for item in sample.namelist():
                    data = sample.read(item)
                    if item == "appConfig.json":
                        config = json.loads(data)
                        config["name"] = name
                        config.pop("sensors", None)
                        data = json.dumps(config).encode()
                    renamed.writestr(item, data)
            return out.getvalue()


def upload(name):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}.zip\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode() + sample_zip(name) + f"\r\n--{boundary}--\r\n".encode()
    status, answer = request("POST", "/api/apps", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status in (201, 409), f"upload of {name} failed: {status} {answer[:300]}"


def deploy_and_time(app):
    """Seconds from POST /deployments to the first 200 through the app link; the deployment is then stopped."""
    link = f"{GATEWAY}/apps/{app}/health"
    start = time.monotonic()
    status, answer = request("POST", f"/api/apps/{app}/deployments", json.dumps({"schedule": {"type": "now"}}).encode(),
                             {"Content-Type": "application/json"})
    assert status == 202, f"deploy of {app} failed: {status} {answer[:300]}"
    deployment = json.loads(answer)["id"]
    polls = 0
    while time.monotonic() - start < TIMEOUT_S:
        if request("GET", link)[0] == 200:
            elapsed = time.monotonic() - start
            break
        polls += 1
        if polls % 25 == 0:
            status, answer = request("GET", f"/api/deployments/{deployment}")
            if status == 200 and json.loads(answer)["status"] in ("FAILED", "CANCELLED", "STOPPED"):
                raise RuntimeError(f"{app} deployment {deployment} ended: {answer[:500]}")
        time.sleep(0.02)
    else:
        raise RuntimeError(f"{app} not answering after {TIMEOUT_S} s")
    request("DELETE", f"/api/deployments/{deployment}")
    stop_deadline = time.monotonic() + 60
    while time.monotonic() < stop_deadline:
        status, answer = request("GET", f"/api/deployments/{deployment}")
        if status == 200 and json.loads(answer)["status"] in ("STOPPED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.1)
    return elapsed


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def report(label, values):
    print(f"{label}: n={len(values)} p50={percentile(values, 50):.2f} s p95={percentile(values, 95):.2f} s "
          f"max={max(values):.2f} s mean={statistics.mean(values):.2f} s")


def main():
    global GATEWAY
    parser = argparse.ArgumentParser()
    parser.add_argument("--deployments", type=int, default=20)
    parser.add_argument("--in-flight", type=int, default=5)
    parser.add_argument("--new-versions", type=int, default=3)
    parser.add_argument("--app-runtime", choices=["process", "docker"], default="process",
                        help="how the platform's node runs the apps (docker: containers; needs ./iotp images)")
    benchlib.add_platform_arguments(parser, OFFSET)
    args = parser.parse_args()
    if args.smoke:
        args.deployments, args.in_flight, args.new_versions = 1, 2, 1
    GATEWAY = f"http://127.0.0.1:{8080 + args.port_offset}"
    print(f"app runtime: {args.app_runtime}", flush=True)
    figures = {}
    with benchlib.platform(args, "deploy", ["--app-runtime", args.app_runtime]) as (data, _):
        user, password = benchlib.admin_login(data)
        status, answer = request("POST", "/api/auth/login", json.dumps({"username": user, "password": password}).encode(),
                                 {"Content-Type": "application/json"})
        assert status == 200, f"login failed: {status} {answer[:300]}"
        TOKEN["token"] = json.loads(answer)["token"]
        run = uuid.uuid4().hex[:4]  # apps of their own, should the platform be one that ran this before
        apps = [f"bench-{run}-{i}" for i in range(args.in_flight)]
        for app in apps:
            upload(app)
        deploy_and_time(apps[0])  # warm-up, not counted
        sequential = [deploy_and_time(apps[0]) for _ in range(args.deployments)]
        report("sequential", sequential)
        figures.update(sequential_p50_s=percentile(sequential, 50), sequential_p95_s=percentile(sequential, 95))
        concurrent, failed = [], 0
        for _ in range(max(1, args.deployments // args.in_flight)):
            results = [None] * len(apps)

            def run_one(index):
                results[index] = deploy_and_time(apps[index])

            threads = [threading.Thread(target=run_one, args=(i,)) for i in range(len(apps))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT_S * 2)
            concurrent.extend(r for r in results if r is not None)
            failed += sum(1 for r in results if r is None)
        assert concurrent, "no concurrent deployment finished"
        report(f"{args.in_flight} in flight", concurrent)
        figures.update(in_flight_p50_s=percentile(concurrent, 50), in_flight_p95_s=percentile(concurrent, 95))
        if args.new_versions > 0:
            fresh = []
            for i in range(args.new_versions):
                app = f"bench-new-{uuid.uuid4().hex[:6]}-{i}"
                upload(app)
                fresh.append(deploy_and_time(app))
            report("first deployment of a new version", fresh)
            figures["new_version_p50_s"] = percentile(fresh, 50)
        print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d', time.gmtime())}")
    benchlib.print_figures(figures)
    if failed:
        print(f"deploy_latency: {failed} of the concurrent deployments failed (their tracebacks above): "
              f"the figures lack them", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
