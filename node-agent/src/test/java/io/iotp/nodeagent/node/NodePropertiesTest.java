package io.iotp.nodeagent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class NodePropertiesTest {

	@Test
	void everythingHasADefault() {
		NodeProperties properties = bind(Map.of());

		assertThat(properties.id()).isEqualTo("local-1");
		assertThat(properties.resolvedWorkDir())
			.isEqualTo(Path.of(System.getProperty("user.home"), ".iotp", "nodes", "local-1"));
		assertThat(properties.address()).isEqualTo("127.0.0.1");
		assertThat(properties.portRange()).isEqualTo(new NodeProperties.PortRange(20000, 29999));
		assertThat(properties.capacity().resources().cpu()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(properties.capacity().resources().memoryMb()).isEqualTo(4096);
		assertThat(properties.labels()).isEmpty();
		assertThat(properties.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.healthTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.restartBudget()).isEqualTo(3);
		assertThat(properties.stopGrace()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.stopInstancesOnShutdown()).isFalse();
		assertThat(properties.logTailLines()).isEqualTo(20);
		assertThat(properties.pythonCommand()).isEqualTo("python3");
		assertThat(properties.resolvedJavaCommand()).isEqualTo(ProcessHandle.current().info().command().orElseThrow());
		assertThat(properties.inheritEnv()).contains("PATH", "HOME");
	}

	@Test
	void restartBackOffDoublesUpToItsMaximum() {
		NodeProperties.Backoff backoff = bind(Map.of()).restartBackoff();

		assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(500));
		assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(1000));
		assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(4000));
		assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(5));
		assertThat(backoff.delay(40)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void bindsWhatTheBootstrapperPasses() {
		NodeProperties properties = bind(Map.of("iotp.node.id", "n-7", "iotp.node.work-dir", "/data/nodes/n-7",
				"iotp.node.port-range", "31000 - 31010", "iotp.node.labels.zone", "north", "iotp.node.capacity.cpu",
				"1.5", "iotp.node.stop-instances-on-shutdown", "true"));

		assertThat(properties.nodeId().value()).isEqualTo("n-7");
		assertThat(properties.resolvedWorkDir()).isEqualTo(Path.of("/data/nodes/n-7"));
		assertThat(properties.portRange().size()).isEqualTo(11);
		assertThat(properties.labels()).containsEntry("zone", "north");
		assertThat(properties.capacity().resources().cpu()).isEqualTo(1.5);
		assertThat(properties.stopInstancesOnShutdown()).isTrue();
	}

	@Test
	void refusesNonsense() {
		assertThatThrownBy(() -> bind(Map.of("iotp.node.port-range", "3000-20"))).isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("port range");
		assertThatThrownBy(() -> bind(Map.of("iotp.node.health-check-interval", "0s")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("health-check-interval must be positive");
	}

	private static NodeProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("iotp.node",
				NodeProperties.class);
	}

}
