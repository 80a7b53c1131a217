package io.iotp.sensormanager.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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

	/**
	 * Checks that free-form JSON (metadata, command arguments and results) can be stored
	 * in MongoDB: no key contains a dot or starts with {@code $}, nesting at most 10
	 * deep.
	 */
	public Violations storable(String path, @Nullable Object value) {
		storable(path, value, 0);
		return this;
	}

	private void storable(String path, @Nullable Object value, int depth) {
		if (depth > 10) {
			add(path, "nested more than 10 levels deep");
			return;
		}
		if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = String.valueOf(entry.getKey());
				if (key.contains(".") || key.startsWith("$") || key.isEmpty()) {
					add(path + "/" + key, "keys must be non-empty, without '.' and not start with '$'");
				}
				else {
					storable(path + "/" + key, entry.getValue(), depth + 1);
				}
			}
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				storable(path + "/" + i, list.get(i), depth + 1);
			}
		}
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
