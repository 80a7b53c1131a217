package io.iotp.logger.api;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.logger.store.LogCursor;
import io.iotp.logger.store.LogLevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LogQueryTest {

	@Test
	void readsEveryParameter() {
		String cursor = new LogCursor(Instant.parse("2026-11-26T10:00:00Z"), "abc").encode();
		LogQuery query = LogQuery.parse(Map.of("source", "greenhouse/web", "app", "greenhouse", "deployment", "d-1",
				"instance", "i-1", "level", "warn", "q", " boom ", "from", "2026-11-26T09:00:00Z", "to",
				"2026-11-26T11:00:00+01:00", "limit", "50", "cursor", cursor), 100, 1000);
		assertThat(query.source()).isEqualTo("greenhouse/web");
		assertThat(query.level()).isEqualTo(LogLevel.WARN);
		assertThat(query.text()).isEqualTo("boom");
		assertThat(query.from()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
		assertThat(query.to()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
		assertThat(query.limit()).isEqualTo(50);
		assertThat(query.cursor()).isEqualTo(new LogCursor(Instant.parse("2026-11-26T10:00:00Z"), "abc"));
	}

	@Test
	void defaultsWhenNothingIsGiven() {
		LogQuery query = LogQuery.parse(Map.of("app", "  "), 100, 1000);
		assertThat(query.app()).isNull();
		assertThat(query.limit()).isEqualTo(100);
		assertThat(query.format()).isEqualTo(LogQuery.Format.NDJSON);
	}

	@Test
	void namesEveryBadParameterInOneProblem() {
		PlatformException problem = catchThrowableOfType(PlatformException.class,
				() -> LogQuery.parse(Map.of("level", "LOUD", "from", "yesterday", "to", "2026-13-01T00:00:00Z", "limit",
						"0", "cursor", "%%%", "format", "xml"), 100, 1000));
		assertThat(problem.errorCode()).isEqualTo(ErrorCodes.REQUEST_VALIDATION);
		assertThat(problem.errors()).extracting(FieldError::path)
			.containsExactlyInAnyOrder("level", "from", "to", "limit", "cursor", "format");
		assertThat(problem.detail()).contains("level", "from", "to", "limit", "cursor", "format");
	}

	@Test
	void limitMustBeANumberInRange() {
		for (String limit : new String[] { "-1", "1001", "ten", "1e3" }) {
			PlatformException problem = catchThrowableOfType(PlatformException.class,
					() -> LogQuery.parse(Map.of("limit", limit), 100, 1000));
			assertThat(problem.errors()).as(limit).extracting(FieldError::path).containsExactly("limit");
		}
		assertThat(LogQuery.parse(Map.of("limit", "1000"), 100, 1000).limit()).isEqualTo(1000);
	}

	@Test
	void fromMustBeBeforeTo() {
		PlatformException problem = catchThrowableOfType(PlatformException.class,
				() -> LogQuery.parse(Map.of("from", "2026-11-26T10:00:00Z", "to", "2026-11-26T09:00:00Z"), 100, 1000));
		assertThat(problem.errors()).extracting(FieldError::path).containsExactly("from");
	}

	@Test
	void overlongValuesAreRefused() {
		PlatformException problem = catchThrowableOfType(PlatformException.class,
				() -> LogQuery.parse(Map.of("q", "x".repeat(300)), 100, 1000));
		assertThat(problem.errors()).extracting(FieldError::path).containsExactly("q");
	}

}
