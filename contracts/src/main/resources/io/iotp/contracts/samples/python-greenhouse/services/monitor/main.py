#!/usr/bin/env python3
"""Greenhouse monitor: a sample worker service (no HTTP) using only the standard library.

Every INTERVAL_SECONDS it reads the latest reading of each bound sensor through the platform API
(IOTP_API_URL, with the app-scoped IOTP_API_TOKEN) and, when the temperature is above THRESHOLD,
sends the sensor an "open-vent" command. Without an API URL it only logs that it is alive. It stops
cleanly on SIGTERM.
"""

import json
import os
import signal
import threading
import urllib.error
import urllib.request

THRESHOLD = float(os.environ.get("THRESHOLD", "30"))
INTERVAL_SECONDS = float(os.environ.get("INTERVAL_SECONDS", "30"))
API_URL = os.environ.get("IOTP_API_URL", "").rstrip("/")
API_TOKEN = os.environ.get("IOTP_API_TOKEN", "")
SENSORS = json.loads(os.environ.get("IOTP_SENSORS") or "[]")

stopping = threading.Event()


def call(method, path, body=None):
    request = urllib.request.Request(
        API_URL + path, method=method,
        data=None if body is None else json.dumps(body).encode("utf-8"),
        headers={"Authorization": f"Bearer {API_TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def check(sensor):
    try:
        latest = call("GET", f"/api/sensors/{sensor['id']}/data/latest")
    except (urllib.error.URLError, ValueError) as ex:
        print(f"sensor {sensor['id']}: no latest reading ({ex})", flush=True)
        return
    temperature = (latest or {}).get("values", {}).get("temperature")
    print(f"sensor {sensor['id']} at {sensor.get('location')}: temperature {temperature}", flush=True)
    if isinstance(temperature, (int, float)) and temperature > THRESHOLD:
        try:
            command = call("POST", f"/api/sensors/{sensor['id']}/commands",
                           {"name": "open-vent", "args": {"reason": f"{temperature} > {THRESHOLD:g}"}})
            print(f"sensor {sensor['id']}: open-vent sent as command {command.get('id')}", flush=True)
        except (urllib.error.URLError, ValueError) as ex:
            print(f"sensor {sensor['id']}: open-vent failed ({ex})", flush=True)


def main():
    signal.signal(signal.SIGTERM, lambda signum, _frame: stopping.set())
    signal.signal(signal.SIGINT, lambda signum, _frame: stopping.set())
    print(f"monitor watching {len(SENSORS)} sensor(s), threshold {THRESHOLD:g}", flush=True)
    while not stopping.is_set():
        if API_URL:
            for sensor in SENSORS:
                check(sensor)
        else:
            print("monitor alive; no IOTP_API_URL, nothing to check", flush=True)
        stopping.wait(INTERVAL_SECONDS)
    print("monitor stopped", flush=True)


if __name__ == "__main__":
    main()
