package io.iotp.logger.api;

import io.iotp.logger.store.LogRecord;

/**
 * Plain-text download lines: {@code <time> <LEVEL> [<source> <instance>] <message>}, then
 * the stack trace.
 */
final class TextFormat {

	private TextFormat() {
	}

	static String line(LogRecord record) {
		StringBuilder line = new StringBuilder(96 + record.message().length());
		line.append(record.time()).append(' ').append(String.format("%-5s", record.level().name())).append(" [");
		line.append(record.source());
		if (record.instance() != null) {
			line.append(' ').append(record.instance());
		}
		line.append("] ").append(record.message()).append('\n');
		if (record.stackTrace() != null) {
			line.append(record.stackTrace());
			if (!record.stackTrace().endsWith("\n")) {
				line.append('\n');
			}
		}
		return line.toString();
	}

}
