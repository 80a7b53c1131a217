package io.iotp.contracts.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.iotp.contracts.ids.SensorId;
import io.iotp.contracts.sensor.SensorReading;
import tools.jackson.core.JacksonException;

class IsoInstantsTest {

	@Test
	void agreesWithInstantParseOnRandomInstantsAtEveryPrecision() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 20_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
					random.nextInt(1_000_000_000));
			for (ChronoUnit unit : List.of(ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS,
					ChronoUnit.NANOS)) {
				String text = DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(unit));
				assertThat(IsoInstants.tryParse(text)).as(text).isEqualTo(Instant.parse(text));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-01-31T12:00:00.1Z", "2026-01-31T12:00:00.12Z", "2024-02-29T23:59:59.123456789Z",
			"2026-12-31T00:00:00.0Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
			"1970-01-01T00:00:00Z" })
	void readsEveryFractionLength(String text) {
		assertThat(IsoInstants.tryParse(text)).isEqualTo(Instant.parse(text));
		assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-01-31T12:00:00+01:00", "2026-01-31t12:00:00z", "2026-01-31T23:59:60Z",
			"2026-01-31T24:00:00Z", "2026-01-31T12:00:00.Z", "+12026-01-31T12:00:00Z" })
	void leavesOtherFormsToInstantParse(String text) {
		assertThat(IsoInstants.tryParse(text)).isNull();
		assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-29T12:00:00Z", "2026-13-01T12:00:00Z", "2026-00-10T12:00:00Z",
			"2026-04-31T12:00:00Z", "2026-01-31T12:60:00Z", "2026-01-31T12:00Z", "2026-01-31 12:00:00Z",
			"2026-01-31T12:00:00.1234567891Z", "2026-01-3xT12:00:00Z", "2026-01-31T12:00:00.12a4Z", "", "yesterday" })
	void refusesWhatInstantParseRefuses(String text) {
		assertThat(IsoInstants.tryParse(text)).isNull();
		assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeException.class);
	}

	@Test
	void theCodecReadsInstantsInAnyFormJacksonAccepted() {
		EnvelopeCodec codec = new EnvelopeCodec();
		SensorReading reading = new SensorReading("r-1", new SensorId("s-1"), "temperature", "greenhouse",
				Instant.parse("2026-01-31T12:00:00.120Z"), Instant.parse("2026-01-31T12:00:01Z"),
				Map.of("celsius", 20.5));
		String json = new String(codec.encode(Envelope.of("test", null, reading)));
		assertThat(codec.decode(json.getBytes()).payload()).isEqualTo(reading);

		String offset = json.replace("\"2026-01-31T12:00:01Z\"", "\"2026-01-31T13:00:01+01:00\"");
		assertThat(((SensorReading) codec.decode(offset.getBytes()).payload()).receivedAt())
			.isEqualTo(reading.receivedAt());

		String broken = json.replace("\"2026-01-31T12:00:01Z\"", "\"2026-02-30T12:00:01Z\"");
		assertThatThrownBy(() -> codec.decode(broken.getBytes())).isInstanceOf(JacksonException.class);
	}

}
