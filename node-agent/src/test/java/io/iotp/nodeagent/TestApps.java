package io.iotp.nodeagent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.node.StartInstance;
import io.iotp.contracts.samples.SampleApps;
import io.iotp.starter.blob.BlobStore.StoredBlob;
import io.iotp.starter.blob.FileSystemBlobStore;

/**
 * App packages in a test blob store, and start commands for them as the deployer would
 * send.
 */
final class TestApps {

	static final String GREENHOUSE_KEY = "apps/greenhouse/1.0.0/app.zip";

	static final String HELLO_JAVA_KEY = "apps/hello-java/1.0.0/app.zip";

	static final String BAD_KEY = "apps/bad/1.0.0/app.zip";

	static final String SLIP_KEY = "apps/slip/1.0.0/app.zip";

	static final String OWN_IMAGE_KEY = "apps/own-image/1.0.0/app.zip";

	static final String BROKEN_IMAGE_KEY = "apps/broken-image/1.0.0/app.zip";

	/**
	 * The path the zip-slip package tries to write to, relative to the instance folder.
	 */
	static final String SLIP_TARGET = "../../../../../escaped-by-zip-slip.txt";

	private final NodeId node;

	private final Map<String, StoredBlob> blobs;

	private TestApps(NodeId node, Map<String, StoredBlob> blobs) {
		this.node = node;
		this.blobs = blobs;
	}

	/** Stores the sample apps and two broken packages in a blob store folder. */
	static TestApps store(Path blobDir, NodeId node) {
		FileSystemBlobStore store = new FileSystemBlobStore(blobDir);
		return new TestApps(node,
				Map.of(GREENHOUSE_KEY, put(store, GREENHOUSE_KEY, SampleApps.zip(SampleApps.PYTHON_GREENHOUSE)),
						HELLO_JAVA_KEY, put(store, HELLO_JAVA_KEY, SampleApps.zip(SampleApps.JAVA_HELLO)), BAD_KEY,
						put(store, BAD_KEY,
								zip(Map.of("appConfig.json", "{\"name\":\"bad\"}", "services/bad/config.json",
										"{\"runtime\":\"python\"}", "services/bad/main.py",
										"import sys\nprint(\"boom\")\nsys.exit(3)\n"))),
						SLIP_KEY,
						put(store, SLIP_KEY,
								zip(Map.of("appConfig.json", "{\"name\":\"slip\"}", "services/web/config.json",
										"{\"runtime\":\"python\"}", "services/web/main.py", "print('never run')\n",
										"services/web/" + SLIP_TARGET, "written outside\n"))),
						OWN_IMAGE_KEY,
						put(store, OWN_IMAGE_KEY, zip(Map.of("appConfig.json", "{\"name\":\"own-image\"}",
								"services/worker/config.json", "{\"runtime\":\"python\"}", "services/worker/Dockerfile",
								"FROM iotp-runtime/python:bookworm\nCOPY main.py /app/main.py\nENV GREETING=built-by-its-own-dockerfile\n",
								"services/worker/main.py",
								"import os, time\nwhile True:\n    print(os.environ['GREETING'], flush=True)\n    time.sleep(1)\n"))),
						BROKEN_IMAGE_KEY,
						put(store, BROKEN_IMAGE_KEY, zip(Map.of("appConfig.json", "{\"name\":\"broken-image\"}",
								"services/worker/config.json", "{\"runtime\":\"python\"}", "services/worker/Dockerfile",
								"FROM iotp-runtime/python:bookworm\nRUN echo compiling the impossible && exit 7\n",
								"services/worker/main.py", "print('never run')\n")))));
	}

	/**
	 * The greenhouse dashboard: HTTP on $PORT (bound to loopback only), health at
	 * /health.
	 */
	StartInstance dashboard() {
		return start(AppId.of("greenhouse"), "dashboard", RuntimeKind.PYTHON, List.of("python3", "main.py"),
				GREENHOUSE_KEY, Map.of("HOST", "127.0.0.1", "IOTP_SENSORS", "[]"), "/health", true);
	}

	/** The greenhouse monitor: a worker that says it is alive every second. */
	StartInstance monitor() {
		return start(AppId.of("greenhouse"), "monitor", RuntimeKind.PYTHON, List.of(), GREENHOUSE_KEY,
				Map.of("INTERVAL_SECONDS", "1", "IOTP_SENSORS", "[]"), null, false);
	}

	/** hello-java's web service, run by the JDK the agent runs on. */
	StartInstance helloJava() {
		return start(AppId.of("hello-java"), "web", RuntimeKind.JAVA, List.of("java", "-Xmx128m", "-jar", "app.jar"),
				HELLO_JAVA_KEY, Map.of(), "/health", true);
	}

	/** A worker that prints "boom" and exits with code 3 at once. */
	StartInstance bad() {
		return start(AppId.of("bad"), "bad", RuntimeKind.PYTHON, List.of(), BAD_KEY, Map.of(), null, false);
	}

	/** A worker built by its own Dockerfile, which sets the greeting it prints. */
	StartInstance ownImage() {
		return start(AppId.of("own-image"), "worker", RuntimeKind.PYTHON, List.of(), OWN_IMAGE_KEY, Map.of(), null,
				false);
	}

	/** A worker whose Dockerfile fails to build (a RUN step exits with 7). */
	StartInstance brokenImage() {
		return start(AppId.of("broken-image"), "worker", RuntimeKind.PYTHON, List.of(), BROKEN_IMAGE_KEY, Map.of(),
				null, false);
	}

	/** A package with an entry that escapes the archive. */
	StartInstance slip() {
		return start(AppId.of("slip"), "web", RuntimeKind.PYTHON, List.of(), SLIP_KEY, Map.of(), null, false);
	}

	private StartInstance start(AppId app, String service, RuntimeKind runtime, List<String> command, String key,
			Map<String, String> env, String healthPath, boolean http) {
		return new StartInstance(this.node, InstanceId.random(), DeploymentId.random(), app, service, runtime, command,
				key, this.blobs.get(key).sha256(), env, healthPath, http, Resources.DEFAULT);
	}

	private static StoredBlob put(FileSystemBlobStore store, String key, byte[] content) {
		return store.put(key, new ByteArrayInputStream(content));
	}

	static byte[] zip(Map<String, String> files) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, String> file : files.entrySet()) {
				zip.putNextEntry(new ZipEntry(file.getKey()));
				zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
