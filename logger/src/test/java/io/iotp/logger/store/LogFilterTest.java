package io.iotp.logger.store;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogFilterTest {

	private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

	private static LogRecord line(LogKind kind, String app, LogLevel level, String message) {
		return new LogRecord("id-1", T, kind, app + "/web", app, "web", "d-1", "i-1", "n-1", level, "stdout", null,
				message, "java.lang.RuntimeException: Boom", "c-1");
	}

	@Test
	void levelMeansThatLevelAndAbove() {
		LogFilter warn = new LogFilter(null, null, null, null, LogLevel.WARN, null, null, null,
				Visibility.everything());
		assertThat(warn.matches(line(LogKind.APP, "a", LogLevel.ERROR, "x"))).isTrue();
		assertThat(warn.matches(line(LogKind.APP, "a", LogLevel.WARN, "x"))).isTrue();
		assertThat(warn.matches(line(LogKind.APP, "a", LogLevel.INFO, "x"))).isFalse();
	}

	@Test
	void textIsACaseInsensitiveSubstringOfMessageOrStackTrace() {
		LogFilter text = new LogFilter(null, null, null, null, null, "hello.*", null, null, Visibility.everything());
		assertThat(text.matches(line(LogKind.APP, "a", LogLevel.INFO, "say HELLO.* there"))).isTrue();
		assertThat(text.matches(line(LogKind.APP, "a", LogLevel.INFO, "say hello there"))).isFalse();
		LogFilter boom = new LogFilter(null, null, null, null, null, "boom", null, null, Visibility.everything());
		assertThat(boom.matches(line(LogKind.APP, "a", LogLevel.INFO, "quiet"))).isTrue();
	}

	@Test
	void timeRangeIncludesFromAndExcludesTo() {
		LogFilter range = new LogFilter(null, null, null, null, null, null, T, T.plusSeconds(1),
				Visibility.everything());
		assertThat(range.matches(line(LogKind.APP, "a", LogLevel.INFO, "x"))).isTrue();
		LogFilter before = new LogFilter(null, null, null, null, null, null, T.minusSeconds(1), T,
				Visibility.everything());
		assertThat(before.matches(line(LogKind.APP, "a", LogLevel.INFO, "x"))).isFalse();
	}

	@Test
	void developersSeeOnlyAppLinesOfTheirApps() {
		LogFilter mine = LogFilter.all(Visibility.appLinesOf(Set.of("mine")));
		assertThat(mine.matches(line(LogKind.APP, "mine", LogLevel.INFO, "x"))).isTrue();
		assertThat(mine.matches(line(LogKind.APP, "theirs", LogLevel.INFO, "x"))).isFalse();
		assertThat(mine.matches(line(LogKind.PLATFORM, "mine", LogLevel.INFO, "x"))).isFalse();
	}

}
