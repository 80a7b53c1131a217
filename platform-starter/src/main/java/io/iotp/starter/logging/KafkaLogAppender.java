package io.iotp.starter.logging;

import java.time.Instant;
import java.util.Map;

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
 * Ships every log event of this process to {@code platform-logs} as a {@link LogEntry}, MDC ids
 * included. Sending never blocks the logging thread for long: a full or unreachable broker drops the
 * line here (the local log file still has it) rather than stalling the service. It is unsynchronized
 * on purpose: the Kafka client logs from its own threads while holding its locks, and a synchronized
 * appender would deadlock against an application thread that is inside {@code send}.
 */
public class KafkaLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	/** The Kafka client logs about its own sends; shipping those would feed back into itself. */
	private static final String KAFKA_CLIENT_LOGGERS = "org.apache.kafka";

	private final Producer<String, byte[]> producer;

	private final PlatformIdentity identity;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	private final ThreadLocal<Boolean> shipping = ThreadLocal.withInitial(() -> Boolean.FALSE);

	public KafkaLogAppender(Producer<String, byte[]> producer, PlatformIdentity identity) {
		this.producer = producer;
		this.identity = identity;
		setName("iotp-kafka");
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (event.getLoggerName().startsWith(KAFKA_CLIENT_LOGGERS) || this.shipping.get()) {
			return;
		}
		this.shipping.set(Boolean.TRUE);
		try {
			Map<String, String> context = event.getMDCPropertyMap();
			LogEntry entry = new LogEntry(this.identity.componentId(), this.identity.instanceId(),
					Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(), event.getLoggerName(),
					event.getThreadName(), event.getFormattedMessage(), stackTrace(event.getThrowableProxy()),
					(context != null) ? context : Map.of());
			Envelope<LogEntry> envelope = Envelope.of(this.identity.componentId(),
					(context != null) ? context.get("correlationId") : null, entry);
			this.producer.send(new ProducerRecord<>(Topics.PLATFORM_LOGS, this.identity.componentId(),
					this.codec.encode(envelope)));
		}
		catch (RuntimeException ex) {
			addWarn("log line not shipped to Kafka: " + ex.getMessage());
		}
		finally {
			this.shipping.set(Boolean.FALSE);
		}
	}

	private static String stackTrace(IThrowableProxy throwable) {
		return (throwable != null) ? ThrowableProxyUtil.asString(throwable) : null;
	}

}
