package io.iotp.nodeagent.logs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The level of a line of an app's output, so that its logs read like the app meant them:
 * an HTTP access line (as Python's and many servers' print them) by its status, and the
 * agent's own health probes as DEBUG, which the logs hide unless asked; a level the line
 * states ({@code ERROR:root:…}, {@code 2026-… WARN …}, {@code [info]},
 * {@code level=error}, {@code "level":"debug"}); otherwise its stream's (stdout INFO,
 * stderr WARN).
 */
final class LineLevels {

	/** Only the head of a line says its level; words further on are the message's. */
	private static final int HEAD = 64;

	private static final Pattern ACCESS = Pattern
		.compile("\"(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) (\\S+) HTTP/[0-9.]+\" ([1-5]\\d\\d)\\b");

	private static final Pattern UPPER = Pattern
		.compile("(?<![A-Za-z])(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)(?![A-Za-z])");

	private static final Pattern LOWER_AT_START = Pattern
		.compile("^\\s*\\[?(trace|debug|info|warn|warning|error|fatal|critical)\\]?[:\\s]");

	private static final Pattern FIELD = Pattern
		.compile("(?i)\"?level\"?\\s*[=:]\\s*\"?(trace|debug|info|warn|warning|error|fatal|critical)\\b");

	private LineLevels() {
	}

	/**
	 * @param line the line, without its end
	 * @param stream where it was written
	 * @param healthPath the path the agent probes, or null when it probes none
	 */
	static String of(String line, InstanceOutput.Stream stream, @Nullable String healthPath) {
		Matcher access = ACCESS.matcher(line);
		if (access.find()) {
			int status = Integer.parseInt(access.group(2));
			if (healthPath != null && status < 300 && withoutQuery(access.group(1)).equals(healthPath)) {
				return "DEBUG";
			}
			return (status >= 500) ? "ERROR" : (status >= 400) ? "WARN" : "INFO";
		}
		String head = (line.length() > HEAD) ? line.substring(0, HEAD) : line;
		Matcher stated = UPPER.matcher(head);
		if (stated.find()) {
			return normal(stated.group(1));
		}
		stated = LOWER_AT_START.matcher(head);
		if (stated.find()) {
			return normal(stated.group(1));
		}
		stated = FIELD.matcher(line);
		if (stated.find()) {
			return normal(stated.group(1));
		}
		return stream.level();
	}

	private static String normal(String level) {
		return switch (level.toUpperCase(Locale.ROOT)) {
			case "WARNING" -> "WARN";
			case "SEVERE", "FATAL", "CRITICAL" -> "ERROR";
			default -> level.toUpperCase(Locale.ROOT);
		};
	}

	private static String withoutQuery(String target) {
		int query = target.indexOf('?');
		return (query < 0) ? target : target.substring(0, query);
	}

}
