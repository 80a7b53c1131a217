package io.iotp.sensormanager.binding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which calls an app token may make, and about which sensor. */
class AppTokenFilterTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			GET    | /api/sensors                            | ''
			GET    | /api/sensors/t-1                        | t-1
			GET    | /api/sensors/t-1/data                   | t-1
			GET    | /api/sensors/t-1/data/latest            | t-1
			POST   | /api/sensors/t-1/commands               | t-1
			GET    | /api/sensors/t-1/commands/c-9           | t-1
			POST   | /api/sensors                            | -
			PUT    | /api/sensors/t-1                        | -
			DELETE | /api/sensors/t-1                        | -
			POST   | /api/sensors/t-1/key                    | -
			POST   | /api/sensors/t-1/data                   | -
			POST   | /api/sensors/data:batch                 | -
			GET    | /api/sensors/data:batch                 | -
			GET    | /api/sensors/t-1/commands               | -
			GET    | /api/sensors/t-1/commands/pending       | -
			POST   | /api/sensors/t-1/commands/c-9/ack       | -
			GET    | /api/sensors/t-1/data/latest/x          | -
			GET    | /api/sensors/                           | -
			GET    | /api/sensors/t-1/../t-2/data            | -
			GET    | /api/sensor-types                       | -
			GET    | /api/apps                               | -
			""")
	void onlyTheSensorCallsOfAnApp(String method, String path, String sensor) {
		assertThat(AppTokenFilter.sensorOf(method, path)).isEqualTo(sensor);
	}

}
