package io.iotp.contracts.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

import org.jspecify.annotations.Nullable;

/**
 * Parses instants as the platform writes them ({@code 2026-01-31T12:00:00.123Z}) without
 * {@link java.time.format.DateTimeFormatter}, which builds a parse context with hash maps
 * for every call: every reading carries three instants and is decoded on several hops,
 * and that parsing was most of sensor-manager's garbage. Anything else is left to
 * {@link Instant#parse}, so what is accepted and what it means do not change.
 */
public final class IsoInstants {

	private static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
			1_000_000_000 };

	private IsoInstants() {
	}

	/** {@link Instant#parse}, quicker for the UTC form with 0 to 9 fraction digits. */
	public static Instant parse(String text) {
		Instant quick = tryParse(text);
		return (quick != null) ? quick : Instant.parse(text);
	}

	/**
	 * The instant of exactly {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (a valid date, hour
	 * 0-23, second 0-59, 1-9 fraction digits), or null for any other text, also for other
	 * forms {@link Instant#parse} accepts (offsets, lower case, leap second) and for
	 * invalid dates, so that it can say why.
	 */
	public static @Nullable Instant tryParse(CharSequence text) {
		int length = text.length();
		if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
			return null;
		}
		int nanos = 0;
		if (length > 20) {
			if (text.charAt(19) != '.') {
				return null;
			}
			int fractionDigits = length - 21;
			int fraction = digits(text, 20, fractionDigits);
			if (fraction < 0) {
				return null;
			}
			nanos = fraction * POWERS_OF_TEN[9 - fractionDigits];
		}
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
	}

	/**
	 * The decimal number of {@code count} ASCII digits from {@code from}, or -1 if one is
	 * not a digit.
	 */
	private static int digits(CharSequence text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
