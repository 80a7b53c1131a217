package io.iotp.contracts.errors;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A failure with a stable {@link ErrorCode}. Services throw it; the problem-details
 * advice renders it as {@code application/problem+json} with the code, the detail and the
 * field errors.
 */
public class PlatformException extends RuntimeException {

	private final ErrorCode errorCode;

	private final String detail;

	private final List<FieldError> errors;

	/**
	 * @param errorCode the stable code
	 * @param detail this occurrence, naming the values involved, e.g. "entry '../x'
	 * escapes the archive"
	 */
	public PlatformException(ErrorCode errorCode, String detail) {
		this(errorCode, detail, List.of(), null);
	}

	public PlatformException(ErrorCode errorCode, String detail, List<FieldError> errors) {
		this(errorCode, detail, errors, null);
	}

	public PlatformException(ErrorCode errorCode, String detail, @Nullable Throwable cause) {
		this(errorCode, detail, List.of(), cause);
	}

	public PlatformException(ErrorCode errorCode, String detail, List<FieldError> errors, @Nullable Throwable cause) {
		super(errorCode.code() + ": " + detail, cause);
		this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
		this.detail = Objects.requireNonNull(detail, "detail");
		this.errors = List.copyOf(errors);
	}

	public ErrorCode errorCode() {
		return this.errorCode;
	}

	/** This occurrence, for humans; the hint of the code says what to do. */
	public String detail() {
		return this.detail;
	}

	/**
	 * Every problem with the input, one per offending part; empty when the detail says it
	 * all.
	 */
	public List<FieldError> errors() {
		return this.errors;
	}

	/** The HTTP status of the code. */
	public int status() {
		return this.errorCode.status();
	}

	public boolean retriable() {
		return this.errorCode.retriable();
	}

}
