#!/usr/bin/env python3
"""Sensor ingestion and delivery: readings/s accepted over HTTP batch, HTTP single and MQTT QoS 1,
readings/s and end-to-end latency delivered to a bound app at a fixed rate, and the raw Kafka
producer ceiling of this machine.

Starts its own platform (fresh data directory, ports shifted by 5000), logs in as the generated
admin, registers a sensor type `bench-celsius` (field `celsius`) and sensors through the gateway, then, each step bounded
by its duration:

1. HTTP batch: `POST /api/sensors/data:batch` through the gateway, 500 readings per request spread
   over 200 sensors (so each stays under the per-sensor limit of 1,000/s), `--threads` requests in
   flight on keep-alive connections; 30 s warm-up (`--warmup`: the gateway and sensor-manager run the
   optimising JIT, which needs that long under this load), then `--seconds` counted. Also once directly at
   sensor-manager's port, to see what the gateway costs.
2. HTTP single: `wrk -t2 -c16` through the gateway, one reading per `POST /api/sensors/{id}/data`, a
   Lua script rotating over the 200 sensors and their keys.
3. MQTT QoS 1: `iotp simulate --protocol mqtt` (one connection per sensor, Paho, up to 1,000 in
   flight each) at `--mqtt-rate` over `--mqtt-sensors` sensors; the accepted rate is what counts.
4. Delivered to a bound app: a Python stdlib app `bench-sink` (`sensorDelivery: http`) bound to 100
   sensors of location `bound` records, per reading, now - ts (ts = the sender's clock put into the
   reading, ISO-8601 with ms); the sender paces batches of 100 readings every 20 ms (5,000/s) through
   the gateway for `--seconds`, after a 5 s warm-up that is not counted; `--repeat` rounds (3) on
   the same deployment, and the round with the median p99 stands for the step (the p99 varies from
   round to round by tens of ms on this machine).
5. The raw Kafka producer ceiling: `org.apache.kafka.tools.ProducerPerformance` (kafka-tools of the
   broker's version; its classpath is resolved once with ./mvnw under /tmp/iotp-mvn.lock), 200-byte
   records, acks=all, on a 3-partition topic of the platform's broker.

Before step 4 the script also waits (at most 300 s) until the history writer has stored everything
ingested so far (the lag of its consumer group, read with kafka-tools' ConsumerGroupCommand), so the
steady 5,000/s is not measured while the store still absorbs the millions of readings of steps 1-3.
Before every step the script waits (at most 90 s) until the machine is 60 % idle for two seconds, so
the previous step's backlog (the history writer storing what was just ingested) does not count
against it; the load average (`/proc/loadavg`) and that wait are printed with every step. Only 127.0.0.1 is contacted. The
platform is stopped with `iotp down` at the end, also on failure.

Run it under the build lock with IOTP_MVN_LOCK_HELD=1, so its one Maven call does not wait for itself.

    bench/sensor_throughput.py [--seconds 30] [--threads 8] [--mqtt-rate 40000] [--mqtt-sensors 100]
                               [--smoke] [--data-dir D --port-offset N]   (see benchlib.py)
"""
import argparse
import http.client
import io
import json
import os
import re
import shutil
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
from datetime import datetime, timezone

import benchlib

# the benchmark's own type: the platform's common `temperature` has the field `temperature`
SENSOR_TYPE = "bench-celsius"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OFFSET = 5000
HOST = "127.0.0.1"
GATEWAY_PORT = 8080 + OFFSET
SENSORS_PORT = 8084 + OFFSET
KAFKA = f"{HOST}:{9092 + OFFSET}"
KAFKA_LOGIN = []  # the admin principal's client settings, once the platform is up: the broker asks who calls
GATEWAY = f"http://{HOST}:{GATEWAY_PORT}"
KAFKA_VERSION = "4.1.2"
TOOLS_DIR = "/tmp/iotp-bench-kafkatools"
LOAD_SENSORS = 200
BOUND_SENSORS = 100

SINK_APP = r'''#!/usr/bin/env python3
"""bench-sink: records now - ts of every reading POSTed to /sensor-data; /stats answers count and percentiles."""
import json, os, threading, time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NODELAY = os.environ.get("SINK_NODELAY", "true") == "true"
LOCK = threading.Lock()
STATE = {"latencies": [], "ingest": [], "seen": set(), "duplicates": 0, "first": None, "last": None, "posts": 0,
         "slowest": []}

def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: http.server writes the status line and headers, then the body, in separate sends; with
    # Nagle on, the body waits for the ACK the client delays by 40 ms, so every POST would take >= 40 ms.
    disable_nagle_algorithm = NODELAY
    def log_message(self, *args):
        pass
    def answer(self, status, body=b"{}"):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        if self.path.startswith("/health"):
            return self.answer(200, b'{"status":"UP"}')
        if self.path.startswith("/stats"):
            with LOCK:
                lat = sorted(STATE["latencies"])
                ing = sorted(STATE["ingest"])
                def pct(p, values=lat):
                    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else None
                body = {"count": len(lat), "distinct": len(STATE["seen"]), "duplicates": STATE["duplicates"],
                        "posts": STATE["posts"], "first": STATE["first"], "last": STATE["last"],
                        "p50": pct(50), "p99": pct(99), "max": lat[-1] if lat else None,
                        "ingest_p50": pct(50, ing), "ingest_p99": pct(99, ing),
                        "slowest": sorted(STATE["slowest"], reverse=True)[:200], "over_100ms": len(STATE["slowest"])}
            return self.answer(200, json.dumps(body).encode())
        self.answer(404)
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        now = time.time()
        if self.path.startswith("/reset"):
            with LOCK:
                STATE.update(latencies=[], ingest=[], seen=set(), duplicates=0, first=None, last=None, posts=0,
                             slowest=[])
            return self.answer(200)
        if not self.path.startswith("/sensor-data"):
            return self.answer(404)
        readings = json.loads(raw)
        with LOCK:
            STATE["posts"] += 1
            for r in readings:
                if r["id"] in STATE["seen"]:
                    STATE["duplicates"] += 1
                    continue
                STATE["seen"].add(r["id"])
                sent = parse(r["ts"])
                latency = (now - sent) * 1000.0
                STATE["latencies"].append(latency)
                if latency > 100:  # the tail, to see when it happened and where it was held up
                    STATE["slowest"].append((round(latency, 1), r["id"], r["sensorId"], round(now, 3),
                                             round((parse(r["receivedAt"]) - sent) * 1000.0, 1)))
                STATE["ingest"].append((parse(r["receivedAt"]) - sent) * 1000.0)  # send -> sensor-manager
            if STATE["first"] is None:
                STATE["first"] = now
            STATE["last"] = now
        self.answer(200)

ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler).serve_forever()
'''


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def cpu_times():
    fields = [int(v) for v in open("/proc/stat").readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # total, idle + iowait


QUIET_LIMIT_S = [90]  # --smoke: 0, the suite's machine is never quiet


def wait_until_quiet(limit=None, idle_share=0.6):
    """Waits (at most `limit` s) until the machine is at least `idle_share` idle for two seconds in a
    row: the previous step's backlog (the history writer storing what was just ingested) is drained,
    so it does not count against the next step."""
    limit = QUIET_LIMIT_S[0] if limit is None else limit
    started = time.monotonic()
    quiet = 0
    while time.monotonic() - started < limit and quiet < 2:
        total, idle = cpu_times()
        time.sleep(1)
        total2, idle2 = cpu_times()
        quiet = quiet + 1 if (idle2 - idle) / max(1, total2 - total) >= idle_share else 0
    return time.monotonic() - started


def history_lag():
    """Readings of `sensor-data` the history writer has not stored yet (its consumer group's lag), or
    None when the group cannot be described."""
    try:
        out = subprocess.run([java(), "-XX:TieredStopAtLevel=1", "-cp", kafka_classpath(),
                              "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "--bootstrap-server", KAFKA,
                              "--describe", "--group", "sensor-manager-history", "--command-config", KAFKA_LOGIN[0]],
                             capture_output=True, text=True, timeout=60).stdout
    except subprocess.TimeoutExpired:
        return None
    lags = [line.split()[5] for line in out.splitlines() if line.startswith("sensor-manager-history ")]
    return sum(int(lag) for lag in lags if lag.isdigit()) if lags else None


def wait_for_history(limit=300):
    """Waits (at most `limit` s) until the history writer has stored everything ingested so far, so a
    step measured at a steady rate is not measured while the store still absorbs the previous steps'
    millions of readings. Returns the seconds waited and the lag left."""
    started = time.monotonic()
    lag = history_lag()
    while lag and time.monotonic() - started < limit:
        time.sleep(5)
        lag = history_lag()
    return time.monotonic() - started, lag


def step(title, drained=False):
    history = ""
    if drained:
        waited, lag = wait_for_history()
        history = f"; waited {waited:.0f} s for the history writer to catch up (lag now {lag})"
    waited = wait_until_quiet()
    print(f"\n== {title}   (load average {loadavg()}; waited {waited:.0f} s for the machine to be quiet{history})",
          flush=True)


def call(method, path, body=None, headers=None, base=None):
    base = base or GATEWAY
    for _ in range(50):
        req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            if err.code == 429:  # the gateway's per-token API limit while registering sensors
                time.sleep(float(err.headers.get("Retry-After", "1") or 1))
                continue
            return err.code, err.read()
    raise RuntimeError(f"{method} {path}: still rate limited")


def post_json(path, obj, auth):
    return call("POST", path, json.dumps(obj).encode(), {**auth, "Content-Type": "application/json"})


def register(auth, prefix, location, count):
    keys = {}
    for i in range(count):
        sensor = f"{prefix}-{i:03d}"
        status, answer = post_json("/api/sensors", {"id": sensor, "type": SENSOR_TYPE, "location": location}, auth)
        assert status == 201, (status, answer)
        keys[sensor] = json.loads(answer)["apiKey"]
    return keys


def iso_now():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def batch_load(port, keys, seconds, threads, per_request=500):
    """Readings/s accepted by POST /api/sensors/data:batch with `threads` requests in flight."""
    ids = list(keys)
    header = ",".join(keys[s] for s in ids)
    bodies = []
    for variant in range(8):
        readings = [{"sensorId": ids[(variant * 37 + i) % len(ids)], "values": {"celsius": round(15 + (i % 100) / 10, 1)}}
                    for i in range(per_request)]
        bodies.append(json.dumps(readings).encode())
    accepted = [0] * threads
    errors = [0] * threads
    stop_at = time.monotonic() + seconds

    def worker(n):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        i = n
        while time.monotonic() < stop_at:
            body = bodies[i % len(bodies)]
            i += 1
            try:
                conn.request("POST", "/api/sensors/data:batch", body,
                             {"Content-Type": "application/json", "X-Sensor-Key": header})
                resp = conn.getresponse()
                answer = resp.read()
                if resp.status == 202:
                    accepted[n] += json.loads(answer)["accepted"]
                else:
                    errors[n] += 1
                    if errors[n] == 1:
                        print(f"  batch answered {resp.status}: {answer[:200]!r}", flush=True)
                    if resp.status == 429:
                        time.sleep(0.05)
            except (OSError, http.client.HTTPException) as err:
                errors[n] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.close()

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(seconds + 60)
    elapsed = time.monotonic() - started
    return sum(accepted) / elapsed, sum(errors)


def wrk_single(keys, seconds, connections, base=None):
    base = base or GATEWAY
    ids = list(keys)
    lua = ("local ids = {" + ",".join(f'"{s}"' for s in ids) + "}\n"
           "local keys = {" + ",".join(f'"{keys[s]}"' for s in ids) + "}\n"
           "local n = #ids\nlocal i = 0\n"
           "local body = '{\"values\":{\"celsius\":21.5}}'\n"
           "request = function()\n  i = i + 1\n  local k = (i % n) + 1\n"
           "  return wrk.format('POST', '/api/sensors/' .. ids[k] .. '/data', "
           "{['Content-Type'] = 'application/json', ['X-Sensor-Key'] = keys[k]}, body)\nend\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, base]
        output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, latency.get("50"), latency.get("99"), int(errors.group(1)) if errors else 0


def mqtt_simulate(iotp, options, sensors, rate, seconds):
    command = iotp + ["simulate"] + options + ["--protocol", "mqtt", "--sensors", str(sensors), "--rate", str(rate),
                                               "--type", SENSOR_TYPE, "--location", "mqtt-bench",
                                               "--duration", f"{seconds}s"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    rates = [int(r) for r in re.findall(r"rate\s+(\d+)/s", run.stdout)]
    done = re.search(r"done: (\d+) sent, (\d+) accepted, (\d+) refused", run.stdout)
    last = re.search(r"last refusal: (.*)", run.stdout)
    # the first 2 s are connections and warm-up; the median of the rest is the sustained rate
    steady = rates[2:seconds] if len(rates) > 4 else rates
    return {"median": statistics.median(steady) if steady else 0, "max": max(rates) if rates else 0,
            "average": int(done.group(2)) / seconds if done else 0,
            "done": done.groups() if done else None, "refusal": last.group(1) if last else None,
            "exit": run.returncode, "tail": run.stdout[-400:] + run.stderr[-400:]}


def sink_zip(nodelay):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("appConfig.json", json.dumps({
            "name": "bench-sink", "version": "1.0.0", "description": "sensor delivery benchmark sink",
            "entryService": "sink",
            "sensors": [{"type": SENSOR_TYPE, "location": "bound", "count": BOUND_SENSORS, "services": ["sink"]}]}))
        archive.writestr("services/sink/config.json", json.dumps({
            "runtime": "python", "command": ["python3", "main.py"], "http": True, "healthPath": "/health",
            "resources": {"cpu": 0.5, "memoryMb": 256}, "instances": {"min": 1, "max": 1},
            "env": {"SINK_NODELAY": "true" if nodelay else "false"},
            "sensorDelivery": "http"}))
        archive.writestr("services/sink/main.py", SINK_APP)
    return out.getvalue()


def deploy_sink(auth, nodelay):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench-sink.zip\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode() + sink_zip(nodelay) + f"\r\n--{boundary}--\r\n".encode()
    status, answer = call("POST", "/api/apps", body, {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 201, answer
    status, answer = post_json("/api/apps/bench-sink/deployments", {"schedule": {"type": "now"}}, auth)
    assert status in (200, 201, 202), answer
    deployment = json.loads(answer)["id"]
    for _ in range(600):
        state = json.loads(call("GET", f"/api/deployments/{deployment}", headers=auth)[1])
        if state["status"] == "RUNNING":
            return "http://" + state["instances"][0]["endpoint"]
        assert state["status"] not in ("FAILED", "CANCELLED"), state
        time.sleep(0.1)
    raise RuntimeError(f"bench-sink not RUNNING: {state}")


def paced_sender(keys, rate, seconds, batch=100, senders=4):
    """Sends `rate` readings/s as batches of `batch` (one reading per sensor, ts = the send time)."""
    ids = list(keys)
    header = ",".join(keys[s] for s in ids[:batch])
    interval = batch / rate
    slots = int(seconds / interval)
    lock = threading.Lock()
    state = {"next": 0, "accepted": 0, "errors": 0, "late": 0}
    start = time.monotonic() + 0.1

    def worker():
        conn = http.client.HTTPConnection(HOST, GATEWAY_PORT, timeout=30)
        while True:
            with lock:
                slot = state["next"]
                state["next"] += 1
            if slot >= slots:
                break
            wait = start + slot * interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            elif wait < -interval:
                state["late"] += 1
            ts = iso_now()
            body = json.dumps([{"sensorId": s, "ts": ts, "values": {"celsius": 20.5}} for s in ids[:batch]]).encode()
            try:
                conn.request("POST", "/api/sensors/data:batch", body, {"Content-Type": "application/json", "X-Sensor-Key": header})
                resp = conn.getresponse()
                answer = resp.read()
                with lock:
                    if resp.status == 202:
                        state["accepted"] += json.loads(answer)["accepted"]
                    else:
                        state["errors"] += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    state["errors"] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, GATEWAY_PORT, timeout=30)
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(senders)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(seconds + 60)
    elapsed = time.monotonic() - start
    return state["accepted"], elapsed, state["errors"], state["late"]


def stall_summary(stats):
    """When the readings over 100 ms arrived (seconds into the round) and how late: stalls show as bursts."""
    slow = stats.get("slowest") or []
    if not slow or not stats["first"]:
        return ""
    seconds = {}
    for latency, _id, _sensor, received, ingest in slow:
        second = int(received - stats["first"])
        worst, count, worst_ingest = seconds.get(second, (0, 0, 0))
        seconds[second] = (max(worst, latency), count + 1, max(worst_ingest, ingest))
    # ingest: send -> receivedAt of the same readings, i.e. how much of the delay came before sensor-manager
    # had accepted them (gateway, authentication) rather than after (Kafka, routing, delivery, the app)
    return (" (of the 200 slowest, by second of the round: worst ms x count, worst of it before receivedAt "
            + ", ".join(f"{s}s: {w:.0f} x{c}, {i:.0f}" for s, (w, c, i) in sorted(seconds.items())) + ")")


def sink_stats(sink):
    with urllib.request.urlopen(sink + "/stats", timeout=10) as resp:
        return json.load(resp)


def kafka_classpath():
    cp_file = os.path.join(TOOLS_DIR, "cp.txt")
    if not os.path.exists(cp_file):
        os.makedirs(TOOLS_DIR, exist_ok=True)
        with open(os.path.join(TOOLS_DIR, "pom.xml"), "w") as pom:
            pom.write(f"""<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>kafka-tools-cp</artifactId><version>1</version><packaging>pom</packaging>
<dependencies><dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId>
<version>{KAFKA_VERSION}</version></dependency></dependencies></project>""")
        # IOTP_MVN_LOCK_HELD=1: the caller runs this script under the build lock already (taking it again would wait forever)
        lock = [] if os.environ.get("IOTP_MVN_LOCK_HELD") == "1" else ["flock", "/tmp/iotp-mvn.lock"]
        benchlib.run(lock + ["./mvnw", "-B", "-q", "-f", os.path.join(TOOLS_DIR, "pom.xml"), "dependency:build-classpath",
                             f"-Dmdep.outputFile={cp_file}"], "resolving kafka-tools with Maven", timeout=600)
    return open(cp_file).read().strip()


def java():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "java") if home else "java"


def producer_ceiling(records, seconds, extra):
    """records/s of ProducerPerformance, 200-byte records, acks=all; stopped after `seconds` at most."""
    cp = kafka_classpath()
    command = [java(), "-Xmx512m", "-cp", cp, "org.apache.kafka.tools.ProducerPerformance", "--topic", "bench-perf",
               "--num-records", str(records), "--record-size", "200", "--throughput", "-1",
               "--producer.config", KAFKA_LOGIN[0], "--producer-props", f"bootstrap.servers={KAFKA}", "acks=all"] + extra
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    killer = threading.Timer(seconds, proc.kill)
    killer.start()
    try:
        for line in proc.stdout:
            lines.append(line.rstrip())
    finally:
        killer.cancel()
        proc.wait()
    finals = [l for l in lines if re.search(r"records sent, [\d.]+ records/sec .*\d+th", l)]
    intervals = [l for l in lines if re.search(r"records sent, [\d.]+ records/sec", l)]
    line = finals[-1] if finals else (intervals[-1] if intervals else "\n".join(lines[-5:]))
    match = re.search(r"([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency", line)
    return (float(match.group(1)), float(match.group(2)), float(match.group(3)), line) if match else (0, 0, 0, line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30, help="counted seconds of each load step")
    parser.add_argument("--threads", type=int, default=8, help="HTTP batch requests in flight")
    parser.add_argument("--warmup", type=int, default=30, help="seconds of HTTP batch load before anything is counted")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections for HTTP single")
    parser.add_argument("--mqtt-rate", type=int, default=40000)
    parser.add_argument("--mqtt-sensors", type=int, default=100)
    parser.add_argument("--paced-rate", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="counted rounds of step 4 on the same deployment; the round with the median p99 is reported")
    parser.add_argument("--sink-nagle", action="store_true",
                        help="leave Nagle on in the bench app's HTTP server (as a plain http.server app has it)")
    parser.add_argument("--steps", default="1,2,3,4,5", help="which steps to run, e.g. 4,5")
    benchlib.add_platform_arguments(parser, OFFSET)
    args = parser.parse_args()
    direct_s, single_warmup_s = 15, 10
    if args.smoke:
        direct_s, single_warmup_s, QUIET_LIMIT_S[0] = 2, 1, 0
        # steps 1 to 4 for a second or two each; step 5 and the wait for the history writer resolve
        # kafka-tools with Maven, which the suite's smoke run must not start
        args.seconds, args.warmup, args.repeat, args.mqtt_rate, args.mqtt_sensors = 2, 1, 1, 500, 5
        args.paced_rate, args.steps = 500, ",".join(s for s in args.steps.split(",") if s != "5")
    global GATEWAY_PORT, SENSORS_PORT, KAFKA, GATEWAY
    GATEWAY_PORT, SENSORS_PORT = 8080 + args.port_offset, 8084 + args.port_offset
    KAFKA, GATEWAY = f"{HOST}:{9092 + args.port_offset}", f"http://{HOST}:{8080 + args.port_offset}"
    if "2" in args.steps.split(",") and shutil.which("wrk") is None:
        sys.exit("sensor_throughput: step 2 needs wrk, the HTTP load tool (Debian: apt-get install wrk), "
                 "or leave it out (--steps 1,3,4,5); nothing was started")
    iotp = [benchlib.IOTP]
    results = {}
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; "
          f"IOTP_SERVICE_ARGS={os.environ.get('IOTP_SERVICE_ARGS', '')!r}; load average {loadavg()}", flush=True)
    with benchlib.platform(args, "sensors") as (data, options):
        KAFKA_LOGIN.append(os.path.join(data, "kafka", "principals", "admin.properties"))
        user, password = open(os.path.join(data, "admin-credentials")).read().strip().split(":", 1)
        status, answer = post_json("/api/auth/login", {"username": user, "password": password}, {})
        assert status == 200, answer
        auth = {"Authorization": f"Bearer {json.loads(answer)['token']}"}
        status, answer = post_json("/api/sensor-types", {"name": SENSOR_TYPE, "fields": [
            {"name": "celsius", "type": "number", "unit": "°C", "min": -40, "max": 85}]}, auth)
        assert status in (201, 409), answer
        fields = json.loads(call("GET", f"/api/sensor-types/{SENSOR_TYPE}", headers=auth)[1]).get("fields", [])
        assert any(f["name"] == "celsius" for f in fields), f"sensor type {SENSOR_TYPE} has no field celsius: {fields}"
        load_keys = register(auth, "ld", "load", LOAD_SENSORS)
        bound_keys = register(auth, "bd", "bound", BOUND_SENSORS)

        steps = set(args.steps.split(","))
        if "1" in steps:
            step(f"1. HTTP batch through the gateway: 500 readings/request over {LOAD_SENSORS} sensors, {args.threads} in flight")
            # warm-up, not counted: connections, and the optimising JIT of the gateway and sensor-manager
            # (with 10 s the counted 30 s still included its compiling: 47,000/s instead of 80,000/s)
            batch_load(GATEWAY_PORT, load_keys, args.warmup, args.threads)
            results["batch"] = batch_load(GATEWAY_PORT, load_keys, args.seconds, args.threads)
            print(f"  {results['batch'][0]:,.0f} readings/s accepted, {results['batch'][1]} failed requests", flush=True)
            step(f"1b. HTTP batch directly at sensor-manager (port {SENSORS_PORT}), same load, {direct_s} s")
            results["batch-direct"] = batch_load(SENSORS_PORT, load_keys, direct_s, args.threads)
            print(f"  {results['batch-direct'][0]:,.0f} readings/s accepted, {results['batch-direct'][1]} failed requests", flush=True)

        if "2" in steps:
            step(f"2. HTTP single through the gateway: wrk -t2 -c{args.connections}, one reading per request")
            wrk_single(load_keys, single_warmup_s, args.connections)  # warm-up, not counted
            results["single"] = wrk_single(load_keys, args.seconds, args.connections)
            print(f"  {results['single'][0]:,.0f} readings/s, p50 {results['single'][1]}, p99 {results['single'][2]}, "
                  f"non-2xx {results['single'][3]}", flush=True)
            step(f"2b. HTTP single directly at sensor-manager (port {SENSORS_PORT}), same load, {direct_s} s")
            results["single-direct"] = wrk_single(load_keys, direct_s, args.connections, f"http://{HOST}:{SENSORS_PORT}")
            print(f"  {results['single-direct'][0]:,.0f} readings/s, p50 {results['single-direct'][1]}, "
                  f"p99 {results['single-direct'][2]}, non-2xx {results['single-direct'][3]}", flush=True)

        if "3" in steps:
            step(f"3. MQTT QoS 1: iotp simulate --protocol mqtt --sensors {args.mqtt_sensors} --rate {args.mqtt_rate}")
            results["mqtt"] = mqtt_simulate(iotp, options, args.mqtt_sensors, args.mqtt_rate, args.seconds)
            m = results["mqtt"]
            print(f"  {m['average']:,.0f} msg/s accepted on average over {args.seconds} s; median second {m['median']:,}, "
                  f"best second {m['max']:,}; "
                  f"done {m['done']}; exit {m['exit']}; last refusal: {m['refusal']}", flush=True)
            if not m["done"]:
                print(m["tail"])

        if "4" in steps:
            step(f"4. delivered to a bound app: {args.paced_rate}/s paced over {BOUND_SENSORS} bound sensors, {args.seconds} s, "
                 f"app's TCP_NODELAY {'off' if args.sink_nagle else 'on'}", drained=not args.smoke)
            sink = deploy_sink(auth, not args.sink_nagle)
            print(f"  bench app at {sink} (GET /stats)", flush=True)
            time.sleep(2)
            paced_sender(bound_keys, args.paced_rate, min(5, args.seconds))  # warm-up, not counted
            time.sleep(2)
            rounds = []
            for round_no in range(args.repeat):
                call("POST", "/reset", b"", base=sink)
                accepted, elapsed, errors, late = paced_sender(bound_keys, args.paced_rate, args.seconds)
                before = -1
                for _ in range(50):  # until the app stops receiving (bounded: 10 s)
                    stats = sink_stats(sink)
                    if stats["distinct"] >= accepted or stats["distinct"] == before:
                        break
                    before = stats["distinct"]
                    time.sleep(0.2)
                span = (stats["last"] - stats["first"]) if stats["first"] else 0
                rounds.append((accepted / elapsed, stats, span, errors, late, accepted))
                print(f"  {f'round {round_no + 1}: ' if args.repeat > 1 else ''}"
                      f"sent {accepted / elapsed:,.0f} readings/s accepted ({errors} failed requests, {late} late slots); "
                      f"app got {stats['distinct']} of {accepted} distinct in {span:.1f} s = "
                      f"{stats['distinct'] / span if span else 0:,.0f}/s; latency p50 {stats['p50']:.1f} ms, "
                      f"p99 {stats['p99']:.1f} ms, max {stats['max']:.1f} ms; {stats['posts']} POSTs, "
                      f"{stats['duplicates']} duplicates; of which send -> receivedAt (sensor-manager's clock, same "
                      f"machine) p50 {stats['ingest_p50']:.1f} ms, p99 {stats['ingest_p99']:.1f} ms; "
                      f"{stats['over_100ms']} readings over 100 ms{stall_summary(stats)}", flush=True)
            # the round with the median p99 stands for the step (the p99 varies from round to round)
            results["delivery"] = sorted(rounds, key=lambda r: r[1]["p99"])[len(rounds) // 2]
            if args.repeat > 1:
                p99s = ", ".join(f"{r[1]['p99']:.1f}" for r in rounds)
                print(f"  p99 of the {args.repeat} rounds: {p99s} ms; median {results['delivery'][1]['p99']:.1f} ms",
                      flush=True)

        if "5" in steps:
            step("5. raw Kafka producer ceiling: ProducerPerformance, 200-byte records, acks=all, 3 partitions")
            cp = kafka_classpath()
            subprocess.run([java(), "-cp", cp, "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", KAFKA,
                            "--command-config", KAFKA_LOGIN[0], "--create", "--if-not-exists", "--topic", "bench-perf", "--partitions", "3",
                            "--replication-factor", "1"], check=True, stdout=subprocess.DEVNULL, timeout=60)
            results["kafka"] = producer_ceiling(3_000_000, 45, [])
            print(f"  defaults (linger 5 ms, 16 KB batches, no compression): {results['kafka'][3]}", flush=True)
            results["kafka-svc"] = producer_ceiling(3_000_000, 45, ["linger.ms=5", "batch.size=262144",
                                                                    "compression.type=lz4", "enable.idempotence=true"])
            print(f"  sensor-manager's settings (linger 5 ms, 256 KB, lz4): {results['kafka-svc'][3]}", flush=True)

    print("\n| | figure | target |\n|---|---|---|")
    if "batch" in results:
        print(f"| HTTP batch, through the gateway | {results['batch'][0]:,.0f} readings/s | ≥ 50,000 |")
        print(f"| HTTP batch, directly at sensor-manager | {results['batch-direct'][0]:,.0f} readings/s | |")
    if "single" in results:
        s = results["single"]
        print(f"| HTTP single, through the gateway (wrk -c{args.connections}) | {s[0]:,.0f} readings/s (p50 {s[1]}, p99 {s[2]}) | |")
        s = results["single-direct"]
        print(f"| HTTP single, directly at sensor-manager (wrk -c{args.connections}) | {s[0]:,.0f} readings/s (p50 {s[1]}, p99 {s[2]}) | |")
    if "mqtt" in results:
        print(f"| MQTT QoS 1, iotp simulate {args.mqtt_sensors} connections | {results['mqtt']['average']:,.0f} messages/s (median second {results['mqtt']['median']:,}) | ≥ 20,000 |")
    if "delivery" in results:
        rate, stats, span, *_ = results["delivery"]
        print(f"| delivered to a bound app (HTTP), {args.paced_rate}/s sent | {stats['distinct'] / span if span else 0:,.0f} readings/s, "
              f"p50 {stats['p50']:.1f} ms, p99 {stats['p99']:.1f} ms | p99 ≤ 50 ms |")
    if "kafka" in results:
        print(f"| raw Kafka producer, 200 B, acks=all (defaults) | {results['kafka'][0]:,.0f} records/s | |")
        print(f"| raw Kafka producer, 200 B, acks=all, lz4, 256 KB batches | {results['kafka-svc'][0]:,.0f} records/s | |")
    figures = {}
    if "batch" in results:
        figures.update(batch_rps=results["batch"][0], batch_direct_rps=results["batch-direct"][0])
    if "single" in results:
        figures.update(single_rps=results["single"][0], single_p99=results["single"][2])
    if "mqtt" in results:
        # the simulator exits 1 when some publishes were refused, which a rate past the ceiling means;
        # only a run that never printed its summary is a failure of the benchmark
        assert results["mqtt"]["done"], f"iotp simulate ended without its summary: {results['mqtt']['tail']}"
        figures["mqtt_msgs"] = results["mqtt"]["average"]
    if "delivery" in results:
        stats = results["delivery"][1]
        figures.update(delivered=stats["distinct"], delivery_p99_ms=stats["p99"])
    if "kafka" in results:
        figures.update(kafka_rps=results["kafka"][0], kafka_service_rps=results["kafka-svc"][0])
    benchlib.print_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
