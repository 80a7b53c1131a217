package io.iotp.nodeagent.logs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A line of an app's output gets the level it says it has, or its stream's. */
class LineLevelsTest {

	@ParameterizedTest(name = "{0} on {1} → {2}")
	@CsvSource(delimiter = '|', textBlock = """
			127.0.0.1 - - [07/Dec/2026 12:00:00] "GET /health HTTP/1.1" 200 -          | STDERR | DEBUG
			127.0.0.1 - - [07/Dec/2026 12:00:00] "GET /health?deep=1 HTTP/1.1" 200 -   | STDERR | DEBUG
			127.0.0.1 - - [07/Dec/2026 12:00:00] "GET /health HTTP/1.1" 503 -          | STDERR | ERROR
			127.0.0.1 - - [07/Dec/2026 12:00:00] "GET / HTTP/1.1" 200 -                | STDERR | INFO
			127.0.0.1 - - [07/Dec/2026 12:00:00] "GET /nowhere HTTP/1.1" 404 -         | STDERR | WARN
			127.0.0.1 - - [07/Dec/2026 12:00:00] "POST /api HTTP/1.0" 500 -            | STDOUT | ERROR
			ERROR:root:the sensor sent nothing                                          | STDERR | ERROR
			WARNING:greenhouse:late reading                                             | STDERR | WARN
			INFO:greenhouse:started                                                     | STDERR | INFO
			2026-12-07T13:48:48.666Z  INFO 14975 --- [main] o.a.k.Metrics : closed    | STDOUT | INFO
			2026-12-07 13:48:48,666 [main] DEBUG com.example.Sink - polled              | STDOUT | DEBUG
			[error] could not open the port                                             | STDOUT | ERROR
			warn: the cache is cold                                                     | STDOUT | WARN
			time=2026-12-07T13:48:48Z level=error msg="bad reading"                     | STDOUT | ERROR
			{"time": "2026-12-07T13:48:48Z", "level": "debug", "msg": "tick"}           | STDOUT | DEBUG
			SEVERE: the disk is full                                                    | STDOUT | ERROR
			listening on 127.0.0.1:20000                                                | STDOUT | INFO
			Traceback (most recent call last):                                          | STDERR | WARN
			the error count is 0 and everything is fine, as the INFO line shows ...... ERROR | STDOUT | INFO
			""")
	void levelOfALine(String line, InstanceOutput.Stream stream, String level) {
		assertThat(LineLevels.of(line.strip(), stream, "/health")).isEqualTo(level);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			127.0.0.1 - - [07/Dec/2026 12:00:00] "GET /health HTTP/1.1" 200 - | INFO
			""")
	void withoutAHealthPathAProbeLineIsAnyRequest(String line, String level) {
		assertThat(LineLevels.of(line.strip(), InstanceOutput.Stream.STDERR, null)).isEqualTo(level);
	}

}
