package io.iotp.sensormanager.registry;

import java.util.ArrayList;
import java.util.List;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;

/** Collects every problem of one request, so the answer lists them all at once. */
public final class Violations {

	private final List<FieldError> errors = new ArrayList<>();

	public Violations add(String path, String message) {
		this.errors.add(new FieldError(path, message));
		return this;
	}

	public boolean isEmpty() {
		return this.errors.isEmpty();
	}

	public int size() {
		return this.errors.size();
	}

	/** Throws {@code request.validation} listing every problem, if there is one. */
	public void throwIfAny(String what) {
		throwIfAny(ErrorCodes.REQUEST_VALIDATION, what);
	}

	public void throwIfAny(ErrorCode code, String what) {
		if (!this.errors.isEmpty()) {
			FieldError first = this.errors.get(0);
			String detail = what + ": " + first.path() + ": " + first.message()
					+ ((this.errors.size() > 1) ? " (and " + (this.errors.size() - 1) + " more problems)" : "");
			throw new PlatformException(code, detail, this.errors);
		}
	}

}
