package io.iotp.appcontroller.app;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import io.iotp.appcontroller.validation.ValidationProperties;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.starter.web.ProblemAdvice;

/**
 * Multipart failures are the client's: a body that is not the multipart it claims to be
 * is a 400, one above the upload limit a 413. The starter's advice would see a generic
 * {@link MultipartException} (raised before any controller is chosen) as unexpected,
 * hence a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadProblems {

	private final ValidationProperties limits;

	UploadProblems(ValidationProperties limits) {
		this.limits = limits;
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> multipart(MultipartException ex) {
		ErrorCode code = (ex instanceof MaxUploadSizeExceededException) ? ErrorCodes.REQUEST_TOO_LARGE
				: ErrorCodes.REQUEST_MALFORMED;
		String detail = (ex instanceof MaxUploadSizeExceededException)
				? "the upload is larger than the " + this.limits.maxUploadSize().toMegabytes() + " MB accepted"
				: "the request is not a readable multipart/form-data upload; send the app zip as its part 'file'";
		ProblemDetail problem = ProblemAdvice.Problems.of(code, detail);
		return ResponseEntity.status(code.status()).body(problem);
	}

}
