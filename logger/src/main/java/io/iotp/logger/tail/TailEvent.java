package io.iotp.logger.tail;

import io.iotp.logger.store.LogRecord;

/**
 * What a subscriber is sent: entries as they are stored, and notices that some were
 * dropped.
 */
public sealed interface TailEvent {

	/**
	 * A stored entry.
	 *
	 * @param record the entry
	 */
	record Entry(LogRecord record) implements TailEvent {
	}

	/**
	 * The subscriber fell behind and this many entries were not sent.
	 *
	 * @param count how many
	 */
	record Dropped(long count) implements TailEvent {
	}

	/** Nothing happened for a while; the stream is alive. */
	record Heartbeat() implements TailEvent {
	}

}
