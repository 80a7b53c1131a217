package io.iotp.logger.store;

import java.util.Locale;
import java.util.Optional;

/** Log levels by severity, so "this level and above" is a comparison of ranks. */
public enum LogLevel {

	TRACE, DEBUG, INFO, WARN, ERROR;

	/** How severe; higher is worse. */
	public int rank() {
		return ordinal();
	}

	/** The level named exactly (any case), for query parameters. */
	public static Optional<LogLevel> named(String name) {
		try {
			return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The level of an incoming line, lenient about spellings other loggers use; an
	 * unknown or missing level is INFO, so the line is kept and found under the default
	 * filter.
	 */
	public static LogLevel lenient(@org.jspecify.annotations.Nullable String name) {
		if (name == null) {
			return INFO;
		}
		return switch (name.trim().toUpperCase(Locale.ROOT)) {
			case "TRACE", "FINEST", "FINER" -> TRACE;
			case "DEBUG", "FINE", "CONFIG" -> DEBUG;
			case "WARN", "WARNING" -> WARN;
			case "ERROR", "SEVERE", "FATAL", "CRITICAL", "CRIT", "EMERG", "ALERT" -> ERROR;
			default -> INFO;
		};
	}

}
