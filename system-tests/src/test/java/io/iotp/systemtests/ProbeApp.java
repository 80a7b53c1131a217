package io.iotp.systemtests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.iotp.bootstrapper.platform.PlatformLayout;

/**
 * An app that looks around from where it runs and reports, at {@code /probe}, what it
 * could reach: each platform port given to it (on loopback and on its network's gateway
 * address, when it runs in a container: elsewhere that address is not this machine's),
 * each platform file, a file in each folder it is given to write to, the root filesystem,
 * the platform's processes (a signal and their environment), as many threads as it likes,
 * twice its memory (in a child process, which the kernel kills) and the gateway through
 * {@code IOTP_API_URL}. Every attempt is bounded in time and count.
 */
final class ProbeApp {

	private ProbeApp() {
	}

	/** Every port of the platform by its owner, but those of {@code except}. */
	static Map<String, Integer> platformPorts(PlatformLayout layout, String... except) {
		Map<String, Integer> ports = new LinkedHashMap<>(layout.ports().byOwner());
		List.of(except).forEach(ports::remove);
		return ports;
	}

	static byte[] zip(String name, Map<String, Integer> ports, List<String> files, List<Long> pids) {
		return zip(name, ports, files, List.of(), pids, true);
	}

	/**
	 * @param writes folders it tries to write a file into
	 * @param inContainer whether it also probes its network's gateway address
	 */
	static byte[] zip(String name, Map<String, Integer> ports, List<String> files, List<String> writes, List<Long> pids,
			boolean inContainer) {
		String targets = ports.entrySet()
			.stream()
			.map((entry) -> "\"" + entry.getKey() + "\": " + entry.getValue())
			.collect(Collectors.joining(", ", "{", "}"));
		String paths = files.stream().map((file) -> "\"" + file + "\"").collect(Collectors.joining(", ", "[", "]"));
		String folders = writes.stream()
			.map((folder) -> "\"" + folder + "\"")
			.collect(Collectors.joining(", ", "[", "]"));
		Map<String, String> content = new LinkedHashMap<>();
		content.put("appConfig.json", """
				{"name": "%s", "version": "1.0.0", "description": "looks around", "entryService": "web",
				 "sensors": []}
				""".formatted(name));
		content.put("services/web/config.json",
				"""
						{"runtime": "python", "http": true, "healthPath": "/health", "instances": {"min": 1, "max": 1},
						 "resources": {"cpu": 0.25, "memoryMb": 128},
						 "env": {"PROBE_MEMORY_MB": "256", "PROBE_PORTS": %s, "PROBE_FILES": %s, "PROBE_WRITES": %s, "PROBE_PIDS": %s,
						         "PROBE_GATEWAY": "%s"}}
						"""
					.formatted(quoted(targets), quoted(paths), quoted(folders), quoted(pids.toString()), inContainer));
		content.put("services/web/main.py",
				"""
						import json, os, socket, threading, time, urllib.error, urllib.request
						from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

						PORTS = json.loads(os.environ["PROBE_PORTS"])
						FILES = json.loads(os.environ["PROBE_FILES"])
						WRITES = json.loads(os.environ["PROBE_WRITES"])
						PIDS = json.loads(os.environ["PROBE_PIDS"])

						def gateway_address():
						    with open("/proc/net/route") as routes:
						        for line in routes.readlines()[1:]:
						            fields = line.split()
						            if fields[1] == "00000000":
						                return socket.inet_ntoa(bytes.fromhex(fields[2])[::-1])
						    return None

						def connect(host, port):
						    try:
						        with socket.create_connection((host, port), timeout=2):
						            return "reached"
						    except OSError as error:
						        return "refused: %s" % error

						def read(path):
						    try:
						        with open(path, "rb") as f:
						            f.read(16)
						        return "reached"
						    except OSError as error:
						        return "refused: %s" % error

						def write(path):
						    try:
						        with open(path, "w") as f:
						            f.write("x")
						        return "reached"
						    except OSError as error:
						        return "refused: %s" % error

						def signal(pid):
						    # signal 0 asks only whether a signal would be delivered
						    try:
						        os.kill(pid, 0)
						        return "reached"
						    except OSError as error:
						        return "refused: %s" % error

						def threads(limit=2000):
						    stop = threading.Event()
						    started = []
						    try:
						        for _ in range(limit):
						            thread = threading.Thread(target=stop.wait, args=(10,), daemon=True)
						            thread.start()
						            started.append(thread)
						        return "reached %d" % len(started)
						    except RuntimeError as error:
						        return "refused after %d: %s" % (len(started), error)
						    finally:
						        stop.set()

						def memory():
						    import subprocess, sys
						    code = "b = []\\nfor i in range(%s):\\n    b.append(bytearray(1024 * 1024))" % os.environ["PROBE_MEMORY_MB"]
						    try:
						        result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
						    except subprocess.TimeoutExpired:
						        return "refused: still allocating after 60 s"
						    if result.returncode == 0:
						        return "reached %s MB" % os.environ["PROBE_MEMORY_MB"]
						    return "refused: exit %d" % result.returncode

						def gateway():
						    request = urllib.request.Request(os.environ["IOTP_API_URL"].rstrip("/") + "/api/apps")
						    try:
						        with urllib.request.urlopen(request, timeout=5) as response:
						            return "reached %d" % response.status
						    except urllib.error.HTTPError as error:
						        return "reached %d" % error.code
						    except OSError as error:
						        return "refused: %s" % error

						def probe():
						    in_container = os.environ["PROBE_GATEWAY"] == "true"
						    hosts = ["127.0.0.1"] + ([gateway_address()] if in_container and gateway_address() else [])
						    ports = {}
						    for name, port in PORTS.items():
						        for host in hosts:
						            ports["%s@%s:%d" % (name, host, port)] = connect(host, port)
						    files = {path: read(path) for path in FILES}
						    files.update({"/proc/%d/environ" % pid: read("/proc/%d/environ" % pid) for pid in PIDS})
						    writes = {folder: write(os.path.join(folder, "probe-was-here")) for folder in WRITES}
						    return {"uid": os.getuid(), "ports": ports, "files": files, "writes": writes,
						            "write-root": write("/probe-was-here"),
						            "signals": {str(pid): signal(pid) for pid in PIDS}, "threads": threads(),
						            "memory": memory(),
						            "gateway": gateway()}

						class Handler(BaseHTTPRequestHandler):
						    def do_GET(self):
						        if self.path == "/health":
						            return self.answer({"ok": True})
						        if self.path == "/probe":
						            return self.answer(probe())
						        self.send_response(404)
						        self.send_header("Content-Length", "0")
						        self.end_headers()

						    def answer(self, body):
						        data = json.dumps(body).encode()
						        self.send_response(200)
						        self.send_header("Content-Type", "application/json")
						        self.send_header("Content-Length", str(len(data)))
						        self.end_headers()
						        self.wfile.write(data)

						    def log_message(self, *args):
						        pass

						ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
						""");
		return AppZips.zip(content);
	}

	private static String quoted(String json) {
		return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
