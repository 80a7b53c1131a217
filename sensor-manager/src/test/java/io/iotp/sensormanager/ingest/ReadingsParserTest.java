package io.iotp.sensormanager.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingsParserTest {

	private final ReadingsParser parser = new ReadingsParser(JsonMapper.builder().build(),
			new IngestProperties(DataSize.ofKilobytes(64), 3, Duration.ofMinutes(5), Duration.ofSeconds(1),
					Duration.ofSeconds(1), 1000, 3000));

	@Test
	void aLoneReadingAndAnArrayOfReadings() {
		List<DeviceReading> lone = this.parser
			.single(bytes("{\"ts\": 1767225600000, \"values\": {\"t\": 1.5, \"on\": true}}"));
		assertThat(lone).singleElement().satisfies((reading) -> {
			assertThat(reading.path()).isEmpty();
			assertThat(reading.ts()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
			assertThat(reading.values()).containsEntry("t", 1.5).containsEntry("on", true);
		});
		List<DeviceReading> array = this.parser.single(bytes(
				"[{\"values\": {\"s\": \"x\"}}, {\"ts\": \"2026-01-01T01:00:00+01:00\", \"values\": {\"n\": 2}}]"));
		assertThat(array).extracting(DeviceReading::path).containsExactly("/0", "/1");
		assertThat(array.get(1).ts()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(array.get(0).ts()).isNull();
	}

	@Test
	void everyShapeProblemIsListedWithItsPointer() {
		assertThatThrownBy(() -> this.parser.single(bytes("[{\"values\": 1}, {\"x\": 1}, 5]")))
			.isInstanceOfSatisfying(PlatformException.class, (ex) -> {
				assertThat(ex.errorCode()).isEqualTo(ErrorCodes.SENSOR_INVALID_READING);
				assertThat(ex.errors()).extracting((error) -> error.path())
					.containsExactly("/0/values", "/1/x", "/1/values", "/2");
			});
	}

	@Test
	void batchesNameTheirSensorsAndSizesAreLimited() {
		assertThat(this.parser.batch(bytes("[{\"sensorId\": \"s-1\", \"values\": {\"a\": 1}}]")))
			.extracting(DeviceReading::sensorId)
			.containsExactly("s-1");
		assertThatThrownBy(() -> this.parser.batch(bytes("[{\"values\": {\"a\": 1}}]")))
			.hasMessageContaining("/0/sensorId");
		assertThatThrownBy(() -> this.parser.single(bytes("[{\"values\": {\"a\": 1}}, {\"values\": {\"a\": 1}}, "
				+ "{\"values\": {\"a\": 1}}, {\"values\": {\"a\": 1}}]")))
			.isInstanceOfSatisfying(PlatformException.class,
					(ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCodes.REQUEST_TOO_LARGE));
		assertThatThrownBy(() -> this.parser.single(bytes("{\"values\":"))).isInstanceOfSatisfying(
				PlatformException.class, (ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCodes.REQUEST_MALFORMED));
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
