package io.iotp.logger.redaction;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

	private final Redactor redactor = new Redactor();

	static Stream<Arguments> secrets() {
		return Stream.of(
				// key=value and key: value
				Arguments.of("connecting with password=hunter2", "connecting with password=[REDACTED]"),
				Arguments.of("password=hunter2&user=ada", "password=[REDACTED]&user=ada"),
				Arguments.of("PASSWORD = hunter2 next", "PASSWORD = [REDACTED] next"),
				Arguments.of("password: s3cr3t!", "password: [REDACTED]"),
				Arguments.of("db.password=x1, db.user=ada", "db.password=[REDACTED], db.user=ada"),
				Arguments.of("spring.datasource.password='a b c' done", "spring.datasource.password=[REDACTED] done"),
				Arguments.of("DB_PASSWORD=\"quoted value\" rest", "DB_PASSWORD=[REDACTED] rest"),
				Arguments.of("{user=ada, password=hunter2}", "{user=ada, password=[REDACTED]}"),
				Arguments.of("passwd=abc pwd=def", "passwd=[REDACTED] pwd=[REDACTED]"),
				Arguments.of("passphrase => open-sesame", "passphrase => [REDACTED]"),
				Arguments.of("client_secret=abc123;scope=x", "client_secret=[REDACTED];scope=x"),
				Arguments.of("secret: very", "secret: [REDACTED]"),
				Arguments.of("apiKey=k-123456", "apiKey=[REDACTED]"),
				Arguments.of("api_key=k-123456", "api_key=[REDACTED]"),
				Arguments.of("API-KEY: k-123456", "API-KEY: [REDACTED]"),
				Arguments.of("x-api-key=k-123456", "x-api-key=[REDACTED]"),
				Arguments.of("X-Sensor-Key: 3q2-7w_Zx9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456", "X-Sensor-Key: [REDACTED]"),
				Arguments.of("accessToken=abc.def.ghi", "accessToken=[REDACTED]"),
				Arguments.of("GET /cb?code=1&access_token=abc123&state=x",
						"GET /cb?code=1&access_token=[REDACTED]&state=x"),
				Arguments.of("refresh_token: r-1", "refresh_token: [REDACTED]"),
				Arguments.of("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
						"aws_secret_access_key = [REDACTED]"),
				Arguments.of("credentials=ada:pw", "credentials=[REDACTED]"),
				Arguments.of("Cookie: SESSION=abc", "Cookie: [REDACTED]"),
				Arguments.of("sessionId=0xdeadbeef", "sessionId=[REDACTED]"),
				Arguments.of("private_key=abc", "private_key=[REDACTED]"),
				// JSON
				Arguments.of("{\"user\":\"ada\",\"password\":\"hunter2\"}",
						"{\"user\":\"ada\",\"password\":\"[REDACTED]\"}"),
				Arguments.of("{\"password\" : \"with \\\"quote\\\" inside\", \"n\": 1}",
						"{\"password\" : \"[REDACTED]\", \"n\": 1}"),
				Arguments.of("{\"apiKey\":\"k-1\",\"secret\":\"s\",\"token\":\"t\"}",
						"{\"apiKey\":\"[REDACTED]\",\"secret\":\"[REDACTED]\",\"token\":\"[REDACTED]\"}"),
				Arguments.of("{\"pin_password\": 123456}", "{\"pin_password\": \"[REDACTED]\"}"),
				Arguments.of("body={\\\"password\\\":\\\"hunter2\\\",\\\"u\\\":\\\"a\\\"}",
						"body={\\\"password\\\":\\\"[REDACTED]\\\",\\\"u\\\":\\\"a\\\"}"),
				// command lines
				Arguments.of("exec app --password hunter2 --port 80", "exec app --password [REDACTED] --port 80"),
				Arguments.of("exec app --api-key=k-1", "exec app --api-key=[REDACTED]"),
				Arguments.of("mysql -u root --password=abc", "mysql -u root --password=[REDACTED]"),
				// authorization
				Arguments.of("Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer [REDACTED]"),
				Arguments.of("authorization=Basic dXNlcjpwYXNzd29yZA==", "authorization=Basic [REDACTED]"),
				Arguments.of("Proxy-Authorization: Digest xyz123", "Proxy-Authorization: Digest [REDACTED]"),
				Arguments.of("sent header bearer 0123456789abcdef", "sent header bearer [REDACTED]"),
				// JWTs anywhere
				Arguments.of("token was eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl!",
						"token was [REDACTED]!"),
				Arguments.of("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl end", "jwt [REDACTED] end"),
				// URLs with passwords
				Arguments.of("mongodb://ada:hunter2@db.example:27017/x", "mongodb://ada:[REDACTED]@db.example:27017/x"),
				Arguments.of("fetch https://u:p4ss@example.org/a", "fetch https://u:[REDACTED]@example.org/a"),
				// cloud and SaaS keys
				Arguments.of("using AKIAIOSFODNN7EXAMPLE for s3", "using [REDACTED] for s3"),
				Arguments.of("ASIAY34FZKBOKMUTVV7A", "[REDACTED]"),
				Arguments.of("gh token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gh token [REDACTED]"),
				Arguments.of("slack xoxb-1234567890-abcdefghij", "slack [REDACTED]"),
				Arguments.of("stripe sk_live_abcdefghijklmnop1234", "stripe [REDACTED]"),
				Arguments.of("maps AIzaSyA-abcdefghijklmnopqrstuvwxyz01234", "maps [REDACTED]"),
				// private keys
				Arguments.of("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
						"-----BEGIN PRIVATE KEY----- [REDACTED] -----END PRIVATE KEY-----"),
				Arguments.of("key: -----BEGIN RSA PRIVATE KEY----- MIIEow",
						"key: -----BEGIN RSA PRIVATE KEY----- [REDACTED] -----END RSA PRIVATE KEY-----"),
				Arguments.of("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj", "[REDACTED]"));
	}

	@ParameterizedTest
	@MethodSource("secrets")
	void masksSecrets(String line, String expected) {
		assertThat(this.redactor.redact(line)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /sensor-data 200 in 3 ms", "instance i-3 healthy on node n-2 in 840 ms",
			"password reset requested for ada", "passwordless login enabled", "password_file=/run/secrets/db",
			"tokenCount=12", "keys: 3", "monkey=banana",
			"sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			"temperature 21.5 C at greenhouse-1", "Traceback (most recent call last):",
			"  File \"main.py\", line 3, in <module>", "user ada logged in from 127.0.0.1",
			"https://example.org/path?x=1", "send to mailto:ada@example.org", "" })
	void leavesOrdinaryLinesAlone(String line) {
		assertThat(this.redactor.redact(line)).isEqualTo(line);
	}

	@Test
	void nullStaysNull() {
		assertThat(this.redactor.redact(null)).isNull();
	}

	@Test
	void masksEveryOccurrenceInAStackTrace() {
		String trace = "java.lang.IllegalStateException: login failed for password=hunter2\n"
				+ "\tat x.Y.z(Y.java:1)\nCaused by: java.io.IOException: token: abc123\n";
		assertThat(this.redactor.redact(trace)).doesNotContain("hunter2", "abc123")
			.contains("password=[REDACTED]", "token: [REDACTED]", "at x.Y.z(Y.java:1)");
	}

	@Test
	void isIdempotent() {
		String once = this.redactor.redact("password=hunter2 Authorization: Bearer abcdefghijkl {\"token\":\"t\"}");
		assertThat(this.redactor.redact(once)).isEqualTo(once);
	}

}
