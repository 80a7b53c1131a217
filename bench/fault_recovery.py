#!/usr/bin/env python3
"""Fault-recovery benchmark: detection and recovery times of the platform's self-healing, median of N.

Starts its own platform (fresh data directory, ports shifted by 4000) unless --data-dir/--port-offset
name a running one, logs in as the generated admin, uploads a one-service Python app without sensors,
and times, each --rounds times (default 5):
  * platform-service-kill: kill -9 of the logger (pid from the platform's pid file) -> monitoring
    declares it DOWN (detected) -> restarted through the bootstrapper, UP again (recovered);
  * instance-crash: kill -9 of the app's instance processes -> restarted in place by its agent
    (detected: the agent's report, as monitoring's SUSPECT) -> the app link answers again (recovered);
  * instance-crash-loop: the instance killed whenever it is back until its restart budget is spent ->
    FAILED (detected, from the last kill) -> rescheduled, the app link answers again (recovered);
    instance-crash and instance-crash-loop use a fresh deployment per round (the agent's budget is per
    instance, the deployer's back-off per deployment and service);
  * node-loss: the agent hosting the instance killed with its instances (a second local agent is the
    other node) -> node DOWN (detected) -> the app link answers from the other node (recovered); the
    killed agent is started again before the next round, so the rounds alternate between the nodes.
Times come from monitoring's transition times where it has them, else from polling every 50 ms.
Every loop is bounded in count and time; only 127.0.0.1 is contacted.

    bench/fault_recovery.py [--rounds 5] [--faults service,crash,loop,node] [--data-dir D --port-offset N]
                            [--smoke]   (one round of service,crash; see benchlib.py)
"""
import argparse
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
import io

import benchlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = "bench-steady"
STATE = {}

MAIN_PY = '''import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
'''


def request(method, path, body=None, headers=None, timeout=10):
    url = path if path.startswith("http") else STATE["gateway"] + path
    headers = dict(headers or {})
    if "token" in STATE:
        headers["Authorization"] = "Bearer " + STATE["token"]
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b""


def get_json(path):
    status, body = request("GET", path)
    return json.loads(body) if status == 200 else None


def wait_for(what, check, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def component(cid):
    answer = get_json(f"/api/monitoring/components/{cid}")
    return answer["component"] if answer else None


def in_state(cid, state, after=None):
    c = component(cid)
    if c and c["state"] == state and (after is None or parse_time(c["since"]) >= after - 0.5):
        return c
    return None


def upload():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("appConfig.json", json.dumps({"name": APP, "version": "1.0.0", "entryService": "web"}))
        z.writestr("services/web/config.json", json.dumps({"runtime": "python", "http": True, "healthPath": "/health",
                                                          "instances": {"min": 1, "max": 1}}))
        z.writestr("services/web/main.py", MAIN_PY)
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{APP}.zip\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode() + out.getvalue() + f"\r\n--{boundary}--\r\n".encode()
    status, answer = request("POST", "/api/apps", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status in (201, 409), f"upload failed: {status} {answer[:300]}"


def deploy():
    status, answer = request("POST", f"/api/apps/{APP}/deployments", json.dumps({"schedule": {"type": "now"}}).encode(),
                             {"Content-Type": "application/json"})
    assert status == 202, f"deploy failed: {status} {answer[:300]}"
    deployment = json.loads(answer)["id"]
    running = wait_for("the deployment to run", lambda: running_deployment(deployment), 120, 0.2)
    return deployment, running


def running_deployment(deployment):
    d = get_json(f"/api/deployments/{deployment}")
    if d and d["status"] in ("FAILED", "STOPPED", "CANCELLED"):
        raise RuntimeError(f"deployment {deployment} ended: {json.dumps(d)[:500]}")
    return d if d and d["status"] == "RUNNING" else None


def stop(deployment):
    request("DELETE", f"/api/deployments/{deployment}")
    wait_for("the deployment to stop", lambda: (get_json(f"/api/deployments/{deployment}") or {}).get("status")
             in ("STOPPED", "FAILED", "CANCELLED"), 60, 0.2)


def link_answers():
    return request("GET", f"{STATE['gateway']}/apps/{APP}/health", timeout=2)[0] == 200


def instance_of(deployment):
    d = get_json(f"/api/deployments/{deployment}")
    return d["instances"][0] if d and d["instances"] else None


def instance_pids(instance_id):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if instance_id in os.readlink(f"/proc/{entry}/cwd"):
                    pids.append(int(entry))
            except OSError:
                pass
    return pids


def kill(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def pid_of(component_name):
    return int(open(os.path.join(STATE["data"], "run", component_name + ".pid")).read().split()[0])


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def service_kill():
    wait_for("logger UP", lambda: in_state("logger", "UP"), 120, 0.5)
    pid = pid_of("logger")
    killed = time.time()
    kill([pid])
    down = wait_for("logger DOWN", lambda: in_state("logger", "DOWN", killed), 30)
    up = wait_for("logger UP again", lambda: in_state("logger", "UP", killed), 180, 0.2)
    return parse_time(down["since"]) - killed, parse_time(up["since"]) - killed


def instance_crash(deployment):
    instance = instance_of(deployment)
    before = instance_pids(instance["id"])
    killed = time.time()
    kill(before)
    wait_for("the killed processes to go", lambda: not any(alive(p) for p in before), 10)
    wait_for("the link to answer", lambda: link_answers() and set(instance_pids(instance["id"])) - set(before), 60)
    recovered = time.time() - killed
    history = (get_json(f"/api/monitoring/components/instance:{instance['id']}") or {}).get("history", [])
    noticed = [parse_time(h["at"]) for h in history if h["to"] == "SUSPECT" and parse_time(h["at"]) >= killed - 0.5]
    detected = (min(noticed) - killed) if noticed else recovered
    return detected, recovered


def crash_loop(deployment):
    old = instance_of(deployment)["id"]
    last_kill = [time.time()]

    def kill_until_replaced():
        pids = instance_pids(old)
        if pids:
            kill(pids)
            last_kill[0] = time.time()
        current = instance_of(deployment)
        return current is not None and current["id"] != old

    wait_for("the crashing instance to be replaced", kill_until_replaced, 90)
    wait_for("the link to answer", link_answers, 60)
    recovered = time.time() - last_kill[0]
    failed = wait_for("the instance's FAILED", lambda: in_state("instance:" + old, "DOWN"), 30, 0.2)
    return parse_time(failed["since"]) - last_kill[0], recovered


class SecondAgent:
    """A second local node agent, started from the first one's command line with its own id, port and folder."""

    def __init__(self, node_id):
        self.node_id = node_id
        self.process = None

    def command(self):
        args = open(f"/proc/{pid_of('node-agent')}/cmdline", "rb").read().split(b"\0")
        out = []
        for arg in (a.decode() for a in args if a):
            if arg == "/usr/bin/setsid":
                continue
            if arg.startswith("--server.port="):
                arg = f"--server.port={STATE['agent2_port']}"
            elif arg.startswith("--iotp.node.id="):
                arg = f"--iotp.node.id={self.node_id}"
            elif arg.startswith("--iotp.node.work-dir="):
                arg = f"--iotp.node.work-dir={os.path.join(STATE['data'], 'nodes', self.node_id)}"
            out.append(arg)
        return out

    def start(self, command):
        log = open(os.path.join(STATE["data"], "logs", f"node-agent-{self.node_id}.log"), "ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_for(f"node {self.node_id} UP", lambda: in_state("node:" + self.node_id, "UP", time.time() - 2), 120, 0.3)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def node_loss(deployment, second, second_command, iotp, options):
    instance = instance_of(deployment)
    node = instance["node"]
    pids = instance_pids(instance["id"])
    agent = pid_of("node-agent") if node == "local-1" else second.process.pid
    killed = time.time()
    kill([agent] + pids)
    down = wait_for(f"node {node} DOWN", lambda: in_state("node:" + node, "DOWN", killed), 30)
    wait_for("the link to answer from the other node",
             lambda: link_answers() and (instance_of(deployment) or {}).get("node") not in (None, node), 90)
    recovered = time.time() - killed
    # the killed node comes back for the next round
    if node == "local-1":
        benchlib.run(iotp + ["up"] + options, "iotp up (the killed node back)")
        wait_for("node local-1 UP", lambda: in_state("node:local-1", "UP", killed), 120, 0.3)
    else:
        second.start(second_command)
    return parse_time(down["since"]) - killed, recovered


FIGURES = {}


def report(name, samples):
    detected = [d for d, _ in samples]
    recovered = [r for _, r in samples]
    FIGURES[f"{name}_detected_s"] = statistics.median(detected)
    FIGURES[f"{name}_recovered_s"] = statistics.median(recovered)
    print(f"{name}: n={len(samples)} detected median={statistics.median(detected):.2f} s "
          f"(min {min(detected):.2f}, max {max(detected):.2f}) recovered median={statistics.median(recovered):.2f} s "
          f"(min {min(recovered):.2f}, max {max(recovered):.2f})", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--faults", default="service,crash,loop,node")
    parser.add_argument("--data-dir")
    parser.add_argument("--port-offset", type=int, default=4000)
    parser.add_argument("--keep-platform", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="one round of service,crash: checks that it works")
    args = parser.parse_args()
    if args.smoke:
        args.rounds, args.faults = 1, "service,crash"
    own = args.data_dir is None
    STATE["data"] = args.data_dir or tempfile.mkdtemp(prefix="iotp-bench-faults.")
    STATE["gateway"] = f"http://127.0.0.1:{8080 + args.port_offset}"
    STATE["agent2_port"] = 8091 + args.port_offset
    iotp = [os.path.join(ROOT, "iotp")]
    options = ["--data-dir", STATE["data"], "--port-offset", str(args.port_offset)]
    faults = args.faults.split(",")
    second = SecondAgent("bench-2")
    if own:
        benchlib.run(iotp + ["up"] + options, "iotp up")
    try:
        user, password = open(os.path.join(STATE["data"], "admin-credentials")).read().strip().split(":", 1)
        status, answer = request("POST", "/api/auth/login", json.dumps({"username": user, "password": password}).encode(),
                                 {"Content-Type": "application/json"})
        assert status == 200, f"login failed: {status} {answer[:300]}"
        STATE["token"] = json.loads(answer)["token"]
        upload()
        if "service" in faults:
            report("platform-service-kill", [service_kill() for _ in range(args.rounds)])
        if "crash" in faults:
            # a fresh deployment per round: the agent's restart budget (3) is per instance and never refills
            samples = []
            for _ in range(args.rounds):
                deployment, _ = deploy()
                try:
                    wait_for("the link to answer", link_answers, 60)
                    samples.append(instance_crash(deployment))
                finally:
                    stop(deployment)
            report("instance-crash", samples)
        if "loop" in faults:
            # a fresh deployment per round too: replacements of one service back off (1 s, 2 s, 4 s, ...)
            samples = []
            for _ in range(args.rounds):
                deployment, _ = deploy()
                try:
                    wait_for("the link to answer", link_answers, 60)
                    samples.append(crash_loop(deployment))
                finally:
                    stop(deployment)
            report("instance-crash-loop", samples)
        if "node" in faults:
            second_command = second.command()
            second.start(second_command)
            samples = []
            for _ in range(args.rounds):
                deployment, _ = deploy()
                try:
                    wait_for("the link to answer", link_answers, 60)
                    samples.append(node_loss(deployment, second, second_command, iotp, options))
                finally:
                    stop(deployment)
            report("node-loss", samples)
        print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d', time.gmtime())}")
    finally:
        second.stop()
        if own and not args.keep_platform:
            subprocess.run(iotp + ["down"] + options, stdout=subprocess.DEVNULL)
    benchlib.print_figures(FIGURES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
