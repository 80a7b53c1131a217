package io.iotp.contracts.ids;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TypedIdsTest {

	private final JsonMapper json = JsonMapper.builder().build();

	record Holder(DeploymentId deployment, NodeId node) {
	}

	static Stream<Arguments> factories() {
		return Stream.of(arguments(AppId.class, AppId::of), arguments(DeploymentId.class, DeploymentId::of),
				arguments(NodeId.class, NodeId::of), arguments(InstanceId.class, InstanceId::of),
				arguments(SensorId.class, SensorId::of), arguments(AlertId.class, AlertId::of),
				arguments(CommandId.class, CommandId::of));
	}

	private static Arguments arguments(Class<?> type, Function<String, Object> of) {
		return Arguments.of(type.getSimpleName(), type, of);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("factories")
	void serializesAsAPlainString(String name, Class<?> type, Function<String, Object> of) {
		Object id = of.apply("x-123");

		assertThat(this.json.writeValueAsString(id)).isEqualTo("\"x-123\"");
		assertThat(this.json.readValue("\"x-123\"", type)).isEqualTo(id);
		assertThat(id).hasToString("x-123");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("factories")
	void rejectsBlank(String name, Class<?> type, Function<String, Object> of) {
		assertThatIllegalArgumentException().isThrownBy(() -> of.apply(" ")).withMessageContaining("blank");
		assertThatIllegalArgumentException().isThrownBy(() -> of.apply(""));
	}

	@Test
	void randomIdsCarryTheirKindsPrefix() {
		assertThat(DeploymentId.random().value()).matches("d-[a-z0-9]{12}");
		assertThat(NodeId.random().value()).matches("n-[a-z0-9]{12}");
		assertThat(InstanceId.random().value()).matches("i-[a-z0-9]{12}");
		assertThat(SensorId.random().value()).matches("s-[a-z0-9]{12}");
		assertThat(AlertId.random().value()).matches("al-[a-z0-9]{12}");
		assertThat(CommandId.random().value()).matches("c-[a-z0-9]{12}");
	}

	@Test
	void randomIdsDoNotRepeat() {
		Set<String> ids = new HashSet<>();
		IntStream.range(0, 10_000).forEach((i) -> ids.add(InstanceId.random().value()));
		assertThat(ids).hasSize(10_000);
	}

	@Test
	void idsInsideRecordsAreStrings() {
		Holder holder = new Holder(DeploymentId.of("d-1"), NodeId.of("n-1"));

		String text = this.json.writeValueAsString(holder);

		assertThat(text).isEqualTo("{\"deployment\":\"d-1\",\"node\":\"n-1\"}");
		assertThat(this.json.readValue(text, Holder.class)).isEqualTo(holder);
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "{}", "[\"d-1\"]", "\"  \"" })
	void rejectsJsonThatIsNotANonBlankString(String text) {
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> this.json.readValue(text, DeploymentId.class));
	}

}
