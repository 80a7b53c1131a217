package io.iotp.contracts.errors;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ErrorCodesTest {

	@Test
	void codesAreUniqueAndHaveHints() {
		assertThat(ErrorCodes.all()).extracting(ErrorCode::code).doesNotHaveDuplicates();
		assertThat(ErrorCodes.all()).allSatisfy((code) -> assertThat(code.hint()).isNotBlank().endsWith("."));
	}

	@Test
	void catalogueHoldsTheCodesOfTheSpec() {
		assertThat(ErrorCodes.all()).extracting(ErrorCode::code)
			.contains("request.malformed", "request.validation", "auth.unauthorized", "auth.forbidden",
					"resource.not-found", "resource.conflict", "rate.limited", "service.unavailable", "internal",
					"app.validation.zip-slip", "app.validation.not-a-zip", "app.validation.too-many-entries",
					"app.validation.too-large", "app.validation.compression-ratio", "app.validation.missing-descriptor",
					"app.validation.malformed-descriptor", "app.validation.unknown-runtime", "app.validation.bad-name",
					"app.validation.service-mismatch", "app.validation.unknown-sensor-type");
	}

	@Test
	void appValidationCodesAre422() {
		assertThat(ErrorCodes.all()).filteredOn((code) -> code.code().startsWith("app.validation."))
			.hasSize(11)
			.allSatisfy((code) -> assertThat(code.status()).isEqualTo(422));
	}

	@Test
	void statusesMatchTheirMeaning() {
		assertThat(ErrorCodes.REQUEST_MALFORMED.status()).isEqualTo(400);
		assertThat(ErrorCodes.AUTH_UNAUTHORIZED.status()).isEqualTo(401);
		assertThat(ErrorCodes.AUTH_FORBIDDEN.status()).isEqualTo(403);
		assertThat(ErrorCodes.RESOURCE_NOT_FOUND.status()).isEqualTo(404);
		assertThat(ErrorCodes.RESOURCE_CONFLICT.status()).isEqualTo(409);
		assertThat(ErrorCodes.RATE_LIMITED.status()).isEqualTo(429);
		assertThat(ErrorCodes.INTERNAL.status()).isEqualTo(500);
		assertThat(ErrorCodes.SERVICE_UNAVAILABLE.status()).isEqualTo(503);
	}

	@Test
	void onlyTransientFailuresAreRetriable() {
		assertThat(ErrorCodes.all()).filteredOn(ErrorCode::retriable)
			.extracting(ErrorCode::code)
			.containsExactlyInAnyOrder("rate.limited", "service.unavailable", "service.timeout", "deployment.no-node",
					"deployment.placement-timeout", "deployment.artifact-unavailable",
					"deployment.sensor-binding-timeout");
	}

	@Test
	void byCodeFindsACode() {
		assertThat(ErrorCodes.byCode("app.validation.zip-slip")).contains(ErrorCodes.APP_ZIP_SLIP);
		assertThat(ErrorCodes.byCode("no.such-code")).isEmpty();
	}

	@Test
	void codesMustBeDottedKebabCaseWithAnErrorStatus() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ErrorCode("App.Validation", 422, "hint."));
		assertThatIllegalArgumentException().isThrownBy(() -> new ErrorCode("app..x", 422, "hint."));
		assertThatIllegalArgumentException().isThrownBy(() -> new ErrorCode("app.x", 200, "hint."));
	}

	@Test
	void exceptionCarriesCodeDetailAndFieldErrors() {
		PlatformException ex = new PlatformException(ErrorCodes.APP_ZIP_SLIP, "entry '../x' escapes the archive",
				List.of(new FieldError("../x", "escapes the archive")));

		assertThat(ex.errorCode()).isEqualTo(ErrorCodes.APP_ZIP_SLIP);
		assertThat(ex.status()).isEqualTo(422);
		assertThat(ex.detail()).isEqualTo("entry '../x' escapes the archive");
		assertThat(ex.errors()).containsExactly(new FieldError("../x", "escapes the archive"));
		assertThat(ex).hasMessage("app.validation.zip-slip: entry '../x' escapes the archive");
		assertThat(ex.retriable()).isFalse();
	}

	@Test
	void exceptionKeepsItsCause() {
		IllegalStateException cause = new IllegalStateException("broker down");

		PlatformException ex = new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE, "Kafka is unreachable", cause);

		assertThat(ex).hasCause(cause);
		assertThat(ex.errors()).isEmpty();
		assertThat(ex.retriable()).isTrue();
	}

}
