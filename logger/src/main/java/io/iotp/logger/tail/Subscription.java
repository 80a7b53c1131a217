package io.iotp.logger.tail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.iotp.logger.store.LogFilter;
import io.iotp.logger.store.LogRecord;

/**
 * One live-tail subscriber: its filter, a bounded buffer the ingest thread offers to
 * without ever blocking, and a sender of its own (a virtual thread) that drains the
 * buffer into the subscriber's {@link TailSink}, so a slow client slows only itself.
 */
public final class Subscription {

	/** Most entries handed to the sink in one go. */
	private static final int DRAIN_CHUNK = 256;

	private final LogFilter filter;

	private final TailSink sink;

	private final BlockingQueue<LogRecord> buffer;

	private final Duration heartbeat;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicBoolean open = new AtomicBoolean(true);

	private final Runnable onClose;

	private @Nullable Thread sender;

	Subscription(LogFilter filter, TailSink sink, int bufferSize, Duration heartbeat, Runnable onClose) {
		this.filter = filter;
		this.sink = sink;
		this.buffer = new ArrayBlockingQueue<>(bufferSize);
		this.heartbeat = heartbeat;
		this.onClose = onClose;
	}

	void start() {
		this.sender = Thread.ofVirtual().name("iotp-log-tail").start(this::send);
	}

	/**
	 * Called by the ingest thread: buffers the entry if it matches, drops it if the
	 * buffer is full.
	 */
	void offer(LogRecord record) {
		if (this.open.get() && this.filter.matches(record) && !this.buffer.offer(record)) {
			this.dropped.incrementAndGet();
		}
	}

	public boolean isOpen() {
		return this.open.get();
	}

	/** Ends the subscription: the sender stops and the sink is told, once. */
	public void close() {
		if (this.open.compareAndSet(true, false)) {
			Thread thread = this.sender;
			if (thread != null && thread != Thread.currentThread()) {
				thread.interrupt();
			}
			this.sink.close();
			this.onClose.run();
		}
	}

	private void send() {
		List<LogRecord> chunk = new ArrayList<>(DRAIN_CHUNK);
		try {
			while (this.open.get()) {
				LogRecord first = this.buffer.poll(this.heartbeat.toMillis(), TimeUnit.MILLISECONDS);
				if (first == null) {
					this.sink.send(List.of(new TailEvent.Heartbeat()));
					continue;
				}
				chunk.clear();
				chunk.add(first);
				this.buffer.drainTo(chunk, DRAIN_CHUNK - 1);
				List<TailEvent> events = new ArrayList<>(chunk.size() + 1);
				long lost = this.dropped.getAndSet(0);
				if (lost > 0) {
					events.add(new TailEvent.Dropped(lost));
				}
				chunk.forEach((record) -> events.add(new TailEvent.Entry(record)));
				this.sink.send(events);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (TailSink.Gone ex) {
			// the client went away; closing below is all there is to do
		}
		finally {
			close();
		}
	}

}
