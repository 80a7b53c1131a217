package io.iotp.starter.chunks;

import java.time.Duration;
import java.time.Instant;

/**
 * How large one chunk may grow.
 *
 * @param maxItems most items in one chunk
 * @param maxBytes most bytes of items in one chunk, as the caller estimates an item's
 * size; an item larger than this alone still makes a chunk of its own
 * @param span the time the items of one chunk span at most: they share a {@link #spanOf
 * span} aligned to the epoch, so a query can bound a chunk's newest time by a bound on
 * its oldest
 */
public record ChunkLimits(int maxItems, long maxBytes, Duration span) {

	/**
	 * 1,000 items, 4 MiB, one hour: far below MongoDB's 16 MB per document even with long
	 * strings, and one document (one index entry, one serialisation on the embedded
	 * store) per up to a thousand items.
	 */
	public static final ChunkLimits STANDARD = new ChunkLimits(1000, 4 * 1024 * 1024, Duration.ofHours(1));

	public ChunkLimits {
		if (maxItems < 1 || maxBytes < 1 || span.toMillis() < 1) {
			throw new IllegalArgumentException(
					"chunk limits must be positive, got " + maxItems + " items, " + maxBytes + " bytes, " + span);
		}
	}

	/**
	 * The span a time falls into, counted from the epoch (floored, so times before it get
	 * spans of their own too); items in one chunk have the same.
	 */
	public long spanOf(Instant time) {
		return Math.floorDiv(time.toEpochMilli(), this.span.toMillis());
	}

}
