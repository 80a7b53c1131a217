package io.iotp.starter.blob;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where app packages and other large objects live: a folder of the data directory in the
 * embedded platform, an object store (Azure Blob Storage) in a distributed one. Keys are
 * slash-separated paths of {@code [A-Za-z0-9._-]} segments, such as
 * {@code apps/greenhouse/1.0.0/app.zip}.
 */
public interface BlobStore {

	/**
	 * Stores the stream under the key, replacing what was there. The blob becomes visible
	 * only once it is complete: a reader never sees half a blob.
	 */
	StoredBlob put(String key, InputStream content);

	/**
	 * The blob's content, or empty if there is none under the key. The caller closes the
	 * stream.
	 */
	Optional<InputStream> open(String key);

	boolean exists(String key);

	/**
	 * @return whether there was a blob to delete
	 */
	boolean delete(String key);

	/**
	 * A blob as stored.
	 *
	 * @param key its key
	 * @param size its length in bytes
	 * @param sha256 hex SHA-256 of its content, for integrity checks by whoever fetches
	 * it
	 */
	record StoredBlob(String key, long size, String sha256) {

	}

}
