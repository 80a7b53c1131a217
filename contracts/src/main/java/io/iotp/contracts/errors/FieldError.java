package io.iotp.contracts.errors;

import java.util.Objects;

/**
 * One problem with one part of the input, so a rejected upload or request lists every
 * problem at once (the {@code errors[{path,message}]} of a problem response).
 *
 * @param path where: a JSON pointer into a request body ({@code /schedule/cron}), or a
 * path inside an app zip and then a pointer into that file
 * ({@code services/monitor/config.json#/runtime})
 * @param message what is wrong there, naming the offending value
 */
public record FieldError(String path, String message) {

	public FieldError {
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(message, "message");
	}

}
