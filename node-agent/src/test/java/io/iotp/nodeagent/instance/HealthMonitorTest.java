package io.iotp.nodeagent.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.ids.NodeId;
import io.iotp.contracts.instance.InstanceState;
import io.iotp.contracts.node.StartInstance;

/**
 * Health results turned into states, against a real HTTP endpoint whose answer the test
 * sets.
 */
class HealthMonitorTest {

	private final AtomicInteger status = new AtomicInteger(503);

	private final List<String> transitions = new ArrayList<>();

	private HttpServer server;

	private HealthChecker checker;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/health", (exchange) -> {
			exchange.sendResponseHeaders(this.status.get(), -1);
			exchange.close();
		});
		this.server.start();
		this.checker = new HealthChecker("127.0.0.1", Duration.ofSeconds(2), Duration.ofMillis(200));
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
		this.checker.close();
	}

	@Test
	void healthyOnFirstPassUnhealthyAfterTheThresholdAndHealthyAgainOnRecovery() {
		HealthMonitor monitor = monitor(Duration.ofMinutes(1));
		ManagedInstance instance = running("/health", true, Instant.now());

		monitor.checkAll(List.of(instance));
		assertThat(this.transitions).isEmpty();

		this.status.set(200);
		monitor.checkAll(List.of(instance));
		assertThat(this.transitions).singleElement().asString().startsWith("HEALTHY: healthy ");

		this.status.set(500);
		monitor.checkAll(List.of(instance));
		monitor.checkAll(List.of(instance));
		assertThat(this.transitions).hasSize(1);
		monitor.checkAll(List.of(instance));
		assertThat(this.transitions.getLast()).isEqualTo("UNHEALTHY: GET /health answered 500");

		this.status.set(204);
		monitor.checkAll(List.of(instance));
		assertThat(this.transitions.getLast()).isEqualTo("HEALTHY: healthy again");
	}

	@Test
	void anInstanceThatTakesTooLongToStartIsReportedOnce() {
		HealthMonitor monitor = monitor(Duration.ofSeconds(5));
		ManagedInstance instance = running("/health", true, Instant.now().minusSeconds(10));

		monitor.checkAll(List.of(instance));
		monitor.checkAll(List.of(instance));

		assertThat(this.transitions)
			.containsExactly("UNHEALTHY: not healthy 5 s after start: GET /health answered 503");
	}

	@Test
	void withoutAHealthPathAnAcceptedConnectionIsHealth() {
		HealthMonitor monitor = monitor(Duration.ofMinutes(1));

		monitor.checkAll(List.of(running(null, true, Instant.now())));

		assertThat(this.transitions).singleElement().asString().startsWith("HEALTHY");
	}

	@Test
	void aWorkerIsHealthyOnceItStayedAliveForTheGracePeriod() {
		HealthMonitor monitor = monitor(Duration.ofMinutes(1));
		ManagedInstance young = running(null, false, Instant.now());
		ManagedInstance old = running(null, false, Instant.now().minusSeconds(1));

		monitor.checkAll(List.of(young, old));

		assertThat(young.state).isEqualTo(InstanceState.STARTING);
		assertThat(old.state).isEqualTo(InstanceState.HEALTHY);
	}

	private HealthMonitor monitor(Duration startupTimeout) {
		return new HealthMonitor(this.checker, startupTimeout, 3, (instance, state, exitCode, reason) -> {
			instance.state = state;
			this.transitions.add(state + ": " + reason);
		}, (instance, check) -> check.run());
	}

	/**
	 * An instance whose "process" is this JVM, listening where the test server listens.
	 */
	private ManagedInstance running(String healthPath, boolean http, Instant since) {
		StartInstance start = new StartInstance(NodeId.of("n-1"), InstanceId.random(), DeploymentId.random(),
				AppId.of("app"), "web", RuntimeKind.PYTHON, List.of(), "apps/app/1/app.zip", null, Map.of(), healthPath,
				http, Resources.DEFAULT);
		ManagedInstance instance = new ManagedInstance(start, Path.of("unused"), Path.of("unused"), NodeId.of("n-1"),
				new ProcessRuntime(null));
		instance.attach(new InstanceRuntime.Run(ProcessHandle.current(), new CompletableFuture<>(), since),
				this.server.getAddress().getPort());
		instance.state = InstanceState.STARTING;
		return instance;
	}

}
