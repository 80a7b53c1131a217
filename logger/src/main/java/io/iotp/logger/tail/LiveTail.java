package io.iotp.logger.tail;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.iotp.logger.store.LogFilter;
import io.iotp.logger.store.LogRecord;

/**
 * The live subscribers. The ingest path hands every batch it stored to {@link #publish},
 * which only filters and buffers (never waits for a client); each subscription sends on
 * its own. Stopping the application ends every stream before the web server shuts down.
 */
@Component
public class LiveTail implements SmartLifecycle {

	private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final StreamProperties properties;

	private volatile boolean running;

	LiveTail(StreamProperties properties) {
		this.properties = properties;
	}

	/**
	 * A new subscription sending to {@code sink}, or empty when the limit of open streams
	 * is reached.
	 */
	public Optional<Subscription> subscribe(LogFilter filter, TailSink sink) {
		if (!this.running || this.subscriptions.size() >= this.properties.maxSubscribers()) {
			return Optional.empty();
		}
		Subscription[] self = new Subscription[1];
		Subscription subscription = new Subscription(filter, sink, this.properties.buffer(),
				this.properties.heartbeat(), () -> this.subscriptions.remove(self[0]));
		self[0] = subscription;
		this.subscriptions.add(subscription);
		subscription.start();
		return Optional.of(subscription);
	}

	/** Offers newly stored entries to every subscriber; returns at once. */
	public void publish(List<LogRecord> stored) {
		if (this.subscriptions.isEmpty()) {
			return;
		}
		for (Subscription subscription : this.subscriptions) {
			for (LogRecord record : stored) {
				subscription.offer(record);
			}
		}
	}

	/** Streams open now. */
	public int subscribers() {
		return this.subscriptions.size();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		for (Subscription subscription : List.copyOf(this.subscriptions)) {
			subscription.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
