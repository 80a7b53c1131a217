package io.iotp.starter.logging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.iotp.contracts.Topics;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.starter.PlatformIdentity;

/**
 * Ships every log event of this process to {@code platform-logs} as a {@link LogEntry},
 * MDC ids included. The logging thread only encodes the line and queues it; a shipper
 * thread of its own hands the queue to Kafka. So a broker that is down never holds up the
 * service: the producer may wait up to {@code max.block.ms} for it on every line, which
 * on a logging thread had stalled requests for seconds. When the queue is full (the
 * broker has been away a while) further lines are dropped here and counted; the local log
 * file still has them.
 * <p>
 * It is unsynchronized on purpose: the Kafka client logs from its own threads while
 * holding its locks, and a synchronized appender would deadlock against an application
 * thread that is inside it.
 */
public class KafkaLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	/** Lines waiting for Kafka; about 10 MB at 1 KB a line. */
	static final int QUEUE_CAPACITY = 10_000;

	/**
	 * The Kafka client logs about its own sends; shipping those would feed back into
	 * itself.
	 */
	private static final String KAFKA_CLIENT_LOGGERS = "org.apache.kafka";

	private final Producer<String, byte[]> producer;

	private final PlatformIdentity identity;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final BlockingQueue<ProducerRecord<String, byte[]>> queue;

	private final AtomicLong dropped = new AtomicLong();

	private volatile boolean shipping;

	private Thread shipper;

	public KafkaLogAppender(Producer<String, byte[]> producer, PlatformIdentity identity) {
		this(producer, identity, QUEUE_CAPACITY);
	}

	KafkaLogAppender(Producer<String, byte[]> producer, PlatformIdentity identity, int capacity) {
		this.producer = producer;
		this.identity = identity;
		this.queue = new ArrayBlockingQueue<>(capacity);
		setName("iotp-kafka");
	}

	@Override
	public void start() {
		this.shipping = true;
		this.shipper = Thread.ofPlatform().name("iotp-log-shipper").daemon().start(this::ship);
		super.start();
	}

	/**
	 * Stops taking lines and hands what is queued to the producer (whose close then sends
	 * it).
	 */
	@Override
	public void stop() {
		super.stop();
		this.shipping = false;
		if (this.shipper != null) {
			try {
				this.shipper.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		long lost = this.dropped.get() + this.queue.size();
		if (lost > 0) {
			addWarn(lost + " log line(s) were not shipped to Kafka (they are in the local log)");
		}
	}

	/** Lines not shipped because the queue was full or the producer refused them. */
	long dropped() {
		return this.dropped.get();
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (event.getLoggerName().startsWith(KAFKA_CLIENT_LOGGERS) || Thread.currentThread() == this.shipper) {
			return;
		}
		try {
			Map<String, String> context = event.getMDCPropertyMap();
			LogEntry entry = new LogEntry(this.identity.componentId(), this.identity.instanceId(),
					Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(), event.getLoggerName(),
					event.getThreadName(), event.getFormattedMessage(), stackTrace(event.getThrowableProxy()),
					(context != null) ? context : Map.of());
			Envelope<LogEntry> envelope = Envelope.of(this.identity.componentId(),
					(context != null) ? context.get("correlationId") : null, entry);
			if (!this.queue.offer(new ProducerRecord<>(Topics.PLATFORM_LOGS.name(), this.identity.componentId(),
					this.codec.encode(envelope)))) {
				this.dropped.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			addWarn("log line not shipped to Kafka: " + ex.getMessage());
		}
	}

	private void ship() {
		while (this.shipping || !this.queue.isEmpty()) {
			ProducerRecord<String, byte[]> line;
			try {
				line = this.shipping ? this.queue.poll(200, TimeUnit.MILLISECONDS) : this.queue.poll();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (line == null) {
				continue;
			}
			try {
				// may wait up to max.block.ms while the broker is away: only this thread
				this.producer.send(line);
			}
			catch (RuntimeException ex) {
				this.dropped.incrementAndGet();
			}
		}
	}

	private static String stackTrace(IThrowableProxy throwable) {
		return (throwable != null) ? ThrowableProxyUtil.asString(throwable) : null;
	}

}
