package io.iotp.contracts.app;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceSpecTest {

	@Test
	void appliesTheRuntimesDefaultCommand() {
		ServiceSpec python = new ServiceSpec("dashboard", RuntimeKind.PYTHON, List.of(), true, "/health", Map.of(),
				Resources.DEFAULT, InstanceBounds.DEFAULT, SensorDelivery.HTTP);

		assertThat(python.command()).containsExactly("python3", "main.py");
		assertThat(RuntimeKind.JAVA.defaultCommand()).containsExactly("java", "-jar", "app.jar");
		assertThat(RuntimeKind.COMMAND.defaultCommand()).isEmpty();
	}

	@Test
	void runtimesAndDeliveriesUseTheConfigFilesLowercaseNames() {
		JsonMapper json = JsonMapper.builder().build();

		assertThat(json.writeValueAsString(RuntimeKind.NODE)).isEqualTo("\"node\"");
		assertThat(json.readValue("\"command\"", RuntimeKind.class)).isEqualTo(RuntimeKind.COMMAND);
		assertThat(json.writeValueAsString(SensorDelivery.KAFKA)).isEqualTo("\"kafka\"");
		assertThat(json.readValue("\"platform\"", AppAccess.class)).isEqualTo(AppAccess.PLATFORM);
		assertThatIllegalArgumentException().isThrownBy(() -> RuntimeKind.of("ruby")).withMessageContaining("python");
	}

	@Test
	void boundsAndResourcesAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InstanceBounds(0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new InstanceBounds(3, 2));
		assertThatIllegalArgumentException().isThrownBy(() -> new Resources(-1, 128));
		assertThatIllegalArgumentException().isThrownBy(() -> new Resources(Double.NaN, 128));
		assertThat(new Resources(4, 8192).fits(new Resources(0.25, 128))).isTrue();
		assertThat(new Resources(4, 8192).minus(new Resources(4, 9000))).isEqualTo(new Resources(0, 0));
	}

}
