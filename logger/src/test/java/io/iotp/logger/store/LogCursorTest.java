package io.iotp.logger.store;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogCursorTest {

	@Test
	void roundTripsThroughItsToken() {
		LogCursor cursor = new LogCursor(Instant.parse("2026-11-26T10:15:30.123Z"), "0b7c-id:with:colons");
		assertThat(LogCursor.decode(cursor.encode())).isEqualTo(cursor);
		assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not base64!", "bm8tY29sb24", "OmlkLW9ubHk", "YWJjOmlk", "MTIzOg" })
	void rejectsWhatItDidNotIssue(String token) {
		assertThatIllegalArgumentException().isThrownBy(() -> LogCursor.decode(token));
	}

}
