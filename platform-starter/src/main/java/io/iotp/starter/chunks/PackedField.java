package io.iotp.starter.chunks;

import org.bson.Document;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;

/**
 * The binary field that holds a chunk's items, packed. Nothing queries inside a chunk, so
 * the store handles one value per chunk instead of every item's fields (on the embedded
 * store each field of a document is serialised, twice).
 */
public final class PackedField {

	private PackedField() {
	}

	/**
	 * The packed items of a chunk: a stored chunk has them as a {@link Binary}, one built
	 * in memory may have the bytes themselves.
	 * @return the bytes, or {@code null} when the chunk has no such field
	 * @throws IllegalStateException when the field holds anything else
	 */
	public static byte @Nullable [] bytes(Document chunk, String field) {
		return switch (chunk.get(field)) {
			case Binary binary -> binary.getData();
			case byte[] array -> array;
			case null -> null;
			default -> throw new IllegalStateException("chunk " + chunk.get("_id") + " has an unreadable " + field);
		};
	}

}
