package io.iotp.starter.blob;

import java.util.regex.Pattern;

/** The one rule for blob keys, so that no key can reach outside the store. */
public final class BlobKeys {

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

	private BlobKeys() {
	}

	/**
	 * @throws IllegalArgumentException if the key is not a path of safe segments
	 */
	public static String checked(String key) {
		if (key == null || key.isEmpty() || key.length() > 1024) {
			throw new IllegalArgumentException("blob key must be 1 to 1024 characters");
		}
		for (String segment : key.split("/", -1)) {
			if (!SEGMENT.matcher(segment).matches() || segment.equals("..") || segment.equals(".")) {
				throw new IllegalArgumentException("blob key '" + key + "' has an unsafe segment '" + segment + "'");
			}
		}
		return key;
	}

}
