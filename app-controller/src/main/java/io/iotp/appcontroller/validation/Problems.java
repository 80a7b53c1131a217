package io.iotp.appcontroller.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;

/**
 * Every problem found in one package, each with the code it would have on its own. The
 * rejection carries the most relevant code: archive safety first, then descriptors, then
 * references.
 */
final class Problems {

	/** Most relevant first. */
	private static final List<ErrorCode> RELEVANCE = List.of(ErrorCodes.APP_NOT_A_ZIP, ErrorCodes.APP_ZIP_SLIP,
			ErrorCodes.APP_TOO_MANY_ENTRIES, ErrorCodes.APP_TOO_LARGE, ErrorCodes.APP_COMPRESSION_RATIO,
			ErrorCodes.APP_MISSING_DESCRIPTOR, ErrorCodes.APP_MALFORMED_DESCRIPTOR, ErrorCodes.APP_BAD_NAME,
			ErrorCodes.APP_UNKNOWN_RUNTIME, ErrorCodes.APP_SERVICE_MISMATCH, ErrorCodes.APP_UNKNOWN_SENSOR_TYPE);

	private final List<Problem> problems = new ArrayList<>();

	private final int maxListed;

	Problems(int maxListed) {
		this.maxListed = maxListed;
	}

	void add(ErrorCode code, String path, String message) {
		this.problems.add(new Problem(code, new FieldError(path, message)));
	}

	boolean isEmpty() {
		return this.problems.isEmpty();
	}

	boolean has(ErrorCode code) {
		return this.problems.stream().anyMatch((problem) -> problem.code().equals(code));
	}

	/**
	 * @throws PlatformException listing every problem, if there is any
	 */
	void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw rejection();
		}
	}

	PlatformException rejection() {
		ErrorCode code = this.problems.stream()
			.map(Problem::code)
			.min(Comparator.comparingInt(Problems::relevance))
			.orElseThrow();
		List<FieldError> errors = new ArrayList<>(
				this.problems.stream().limit(this.maxListed).map(Problem::error).toList());
		if (this.problems.size() > this.maxListed) {
			errors.add(new FieldError("", "and " + (this.problems.size() - this.maxListed) + " more problems"));
		}
		String first = describe(this.problems.getFirst().error());
		String detail = (this.problems.size() == 1) ? first
				: "the app package has " + this.problems.size() + " problems, listed in errors; the first: " + first;
		return new PlatformException(code, detail, errors);
	}

	private static String describe(FieldError error) {
		return error.path().isEmpty() ? error.message() : error.path() + ": " + error.message();
	}

	private static int relevance(ErrorCode code) {
		int index = RELEVANCE.indexOf(code);
		return (index < 0) ? RELEVANCE.size() : index;
	}

	private record Problem(ErrorCode code, FieldError error) {

	}

}
