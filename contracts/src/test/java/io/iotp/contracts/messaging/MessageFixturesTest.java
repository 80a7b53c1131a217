package io.iotp.contracts.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered message round-trips through {@link EnvelopeCodec} against a fixed JSON
 * fixture, so a change of the wire format shows up as a failing test rather than as a
 * consumer that breaks in production.
 */
class MessageFixturesTest {

	private static final String FIXTURES = "fixtures/";

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final JsonMapper json = JsonMapper.builder().build();

	static Stream<String> registeredTypes() {
		return MessageTypes.all().keySet().stream().sorted();
	}

	@ParameterizedTest
	@MethodSource("registeredTypes")
	void encodesToTheFixture(String type) throws IOException {
		Envelope<Message> envelope = MessageSamples.envelope(type, sample(type));

		JsonNode encoded = this.json.readTree(this.codec.encode(envelope));

		assertThat(encoded).isEqualTo(this.json.readTree(fixture(type)));
	}

	@ParameterizedTest
	@MethodSource("registeredTypes")
	void decodesTheFixture(String type) throws IOException {
		Envelope<Message> decoded = this.codec.decode(fixture(type));

		assertThat(decoded).isEqualTo(MessageSamples.envelope(type, sample(type)));
		assertThat(decoded.payload()).isInstanceOf(MessageTypes.classOf(type));
	}

	@ParameterizedTest
	@MethodSource("registeredTypes")
	void envelopeOfNamesTheRegisteredType(String type) {
		assertThat(Envelope.of("test", null, sample(type)).type()).isEqualTo(type);
	}

	@Test
	void everySampleIsRegisteredAndEveryTypeHasASample() {
		assertThat(MessageSamples.all().keySet()).containsExactlyInAnyOrderElementsOf(MessageTypes.all().keySet());
	}

	@Test
	void typeNamesAreKebabCaseAndRecordsAreUnique() {
		assertThat(MessageTypes.all().keySet()).allMatch((name) -> name.matches("[a-z]+(-[a-z]+)*"));
		assertThat(MessageTypes.all().values()).doesNotHaveDuplicates().allMatch(Class::isRecord);
	}

	private static Message sample(String type) {
		Map<String, Message> samples = MessageSamples.all();
		assertThat(samples).as("sample payload for '%s' in MessageSamples", type).containsKey(type);
		return samples.get(type);
	}

	private static byte[] fixture(String type) throws IOException {
		String name = FIXTURES + type + ".json";
		try (InputStream in = MessageFixturesTest.class.getResourceAsStream(name)) {
			assertThat(in).as("fixture %s next to MessageFixturesTest", name).isNotNull();
			return in.readAllBytes();
		}
	}

}
