#!/usr/bin/env python3
"""Greenhouse dashboard: a sample IoT Platform app service using only the standard library.

The platform starts it with PORT set and POSTs the readings of the app's bound sensors to
/sensor-data as JSON arrays, at least once: a reading may come twice, so it is de-duplicated by
its id. The page at / shows the latest readings. Behind the gateway the app lives under
/apps/greenhouse/, which the gateway strips and passes in X-Forwarded-Prefix, so every link on the
page starts with that prefix.

Environment: PORT (required), THRESHOLD (warn above this temperature, default 30),
MAX_READINGS (how many readings to keep, default 100), IOTP_APP, IOTP_INSTANCE_ID, IOTP_SENSORS.
"""

import collections
import html
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = int(os.environ["PORT"])
HOST = os.environ.get("HOST", "0.0.0.0")
THRESHOLD = float(os.environ.get("THRESHOLD", "30"))
MAX_READINGS = int(os.environ.get("MAX_READINGS", "100"))
MAX_BODY_BYTES = 1024 * 1024
APP = os.environ.get("IOTP_APP", "greenhouse")
INSTANCE = os.environ.get("IOTP_INSTANCE_ID", "local")


class Readings:
    """The last MAX_READINGS readings, newest first, and the ids already seen."""

    def __init__(self, capacity):
        self._lock = threading.Lock()
        self._readings = collections.deque(maxlen=capacity)
        self._seen = collections.OrderedDict()
        self._seen_capacity = capacity * 10

    def add(self, batch):
        """Adds new readings; returns (accepted, duplicates)."""
        accepted = duplicates = 0
        with self._lock:
            for reading in batch:
                if reading["id"] in self._seen:
                    duplicates += 1
                    continue
                self._seen[reading["id"]] = True
                if len(self._seen) > self._seen_capacity:
                    self._seen.popitem(last=False)
                self._readings.appendleft(reading)
                accepted += 1
                print(f"reading {reading['id']} from {reading.get('sensorId', '?')}: "
                      f"{json.dumps(reading.get('values', {}))}", flush=True)
        return accepted, duplicates

    def latest(self):
        with self._lock:
            return list(self._readings)


READINGS = Readings(MAX_READINGS)


def problem(reading):
    """Why a posted reading is unusable, or None."""
    if not isinstance(reading, dict):
        return "a reading must be a JSON object"
    if not isinstance(reading.get("id"), str) or not reading["id"]:
        return "a reading needs a string id"
    if not isinstance(reading.get("values", {}), dict):
        return "values must be a JSON object"
    return None


def too_warm(reading):
    temperature = reading.get("values", {}).get("temperature")
    return isinstance(temperature, (int, float)) and temperature > THRESHOLD


class Handler(BaseHTTPRequestHandler):
    server_version = "greenhouse-dashboard/1.0"
    # answer each POST in one go: with Nagle on, the header and body writes wait for the platform's
    # delayed ACK, about 40 ms per batch of readings (measured in bench/sensor_throughput.py)
    disable_nagle_algorithm = True

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/health":
            self.send_json(200, {"status": "UP"})
        elif url.path == "/readings":
            self.send_json(200, READINGS.latest())
        elif url.path in ("/", ""):
            accept = self.headers.get("Accept", "")
            wants_json = (parse_qs(url.query).get("format") == ["json"]
                          or ("application/json" in accept and "text/html" not in accept))
            if wants_json:
                self.send_json(200, {"app": APP, "instance": INSTANCE, "threshold": THRESHOLD,
                                     "readings": READINGS.latest()})
            else:
                self.send_body(200, "text/html; charset=utf-8", self.page().encode("utf-8"))
        else:
            self.send_json(404, {"error": f"no page at {url.path}"})

    def do_POST(self):
        if urlsplit(self.path).path != "/sensor-data":
            self.send_json(404, {"error": "POST readings to /sensor-data"})
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.send_json(411, {"error": "Content-Length required"})
            return
        if int(length) > MAX_BODY_BYTES:
            self.send_json(413, {"error": f"at most {MAX_BODY_BYTES} bytes per batch"})
            return
        try:
            body = json.loads(self.rfile.read(int(length)) or b"null")
        except ValueError as ex:
            self.send_json(400, {"error": f"not JSON: {ex}"})
            return
        batch = body if isinstance(body, list) else [body]
        problems = [p for p in map(problem, batch) if p]
        if problems:
            self.send_json(400, {"error": problems[0]})
            return
        accepted, duplicates = READINGS.add(batch)
        self.send_json(200, {"accepted": accepted, "duplicates": duplicates})

    def page(self):
        prefix = html.escape(self.headers.get("X-Forwarded-Prefix", "").rstrip("/"), quote=True)
        rows = "\n".join(
            "<tr{cls}><td>{id}</td><td>{sensor}</td><td>{location}</td><td>{ts}</td><td>{values}</td></tr>".format(
                cls=' class="warm"' if too_warm(r) else "",
                id=html.escape(str(r.get("id"))),
                sensor=html.escape(str(r.get("sensorId", ""))),
                location=html.escape(str(r.get("location", ""))),
                ts=html.escape(str(r.get("ts", ""))),
                values=html.escape(json.dumps(r.get("values", {}))))
            for r in READINGS.latest())
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>{html.escape(APP)} dashboard</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .3rem .6rem; }}
tr.warm {{ background: #fdd; }}
</style>
</head>
<body>
<h1>Greenhouse</h1>
<p>Instance {html.escape(INSTANCE)}; readings above {THRESHOLD:g} are highlighted.
<a href="{prefix}/readings">JSON</a> · <a href="{prefix}/health">health</a></p>
<table>
<tr><th>id</th><th>sensor</th><th>location</th><th>measured</th><th>values</th></tr>
{rows or '<tr><td colspan="5">no readings yet</td></tr>'}
</table>
</body>
</html>
"""

    def send_json(self, status, body):
        self.send_body(status, "application/json", json.dumps(body).encode("utf-8"))

    def send_body(self, status, content_type, payload):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        # This server answers HTTP/1.0 and closes every connection; saying so keeps clients that look only
        # at this header (java.net.http does) from sending their next request into the closing connection.
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, fmt, *args):
        sys.stderr.write(f"{self.address_string()} {fmt % args}\n")


def main():
    server = ThreadingHTTPServer((HOST, PORT), Handler)
    server.daemon_threads = True

    def stop(signum, _frame):
        print(f"signal {signum} received, stopping", flush=True)
        # shutdown() waits for serve_forever() to return, so it must run on another thread
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"dashboard of {APP} listening on {HOST}:{PORT}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    print("dashboard stopped", flush=True)


if __name__ == "__main__":
    main()
