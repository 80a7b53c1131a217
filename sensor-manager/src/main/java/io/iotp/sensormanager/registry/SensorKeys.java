package io.iotp.sensormanager.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys of sensors: 32 random bytes, base64url, shown once; only their SHA-256 is
 * stored.
 */
public final class SensorKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private SensorKeys() {
	}

	/**
	 * A new key (43 characters, never containing a comma, so several fit in one header).
	 */
	static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** SHA-256 of the key, lowercase hex, as stored in {@code keyHash}. */
	public static String hash(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether {@code key} hashes to {@code keyHash}, in time independent of where they
	 * differ.
	 */
	public static boolean matches(String key, String keyHash) {
		return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII),
				keyHash.getBytes(StandardCharsets.US_ASCII));
	}

}
