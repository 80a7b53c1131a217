package io.iotp.starter.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest every store gives its blobs ({@link BlobStore.StoredBlob#sha256()}). */
final class Sha256 {

	private Sha256() {
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
