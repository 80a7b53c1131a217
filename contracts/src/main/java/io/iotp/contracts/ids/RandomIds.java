package io.iotp.contracts.ids;

import java.security.SecureRandom;

import org.jspecify.annotations.Nullable;

/**
 * Short random ids (a prefix naming the kind, then 12 lowercase base-36 characters, about
 * 62 bits) and the blank check every id shares.
 */
final class RandomIds {

	private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

	private static final int LENGTH = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private RandomIds() {
	}

	static String next(String prefix) {
		StringBuilder id = new StringBuilder(prefix.length() + LENGTH).append(prefix);
		for (int i = 0; i < LENGTH; i++) {
			id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
		}
		return id.toString();
	}

	static String requireValue(@Nullable String value, String kind) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(kind + " must not be blank");
		}
		return value;
	}

}
