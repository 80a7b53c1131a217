package io.iotp.starter.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import io.iotp.contracts.messaging.WrongTopicException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where a record no listener will handle ends up: one that cannot be read, one whose
 * message does not belong on its topic, or one whose listener kept failing. Each is
 * logged with its topic, partition and offset and counted in {@value #METRIC} (tags
 * {@code topic} and {@code reason}), so nothing is dropped unnoticed. Record listeners
 * get here through the error handler's {@link #recoverer()}; batch listeners, which see
 * an unreadable record as a null value, ask {@link #readable(ConsumerRecord)}.
 */
public class SkippedRecords {

	/** Counter of skipped records. */
	public static final String METRIC = "iotp.kafka.records.skipped";

	private static final Logger log = LoggerFactory.getLogger(SkippedRecords.class);

	private static final LogAccessor headerLog = new LogAccessor(SkippedRecords.class);

	private final MeterRegistry meters;

	public SkippedRecords(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * For an error handler: what to do with a record once it will not be retried any
	 * more.
	 */
	public ConsumerRecordRecoverer recoverer() {
		return this::skip;
	}

	/**
	 * Whether a batch listener's record has a value to handle; a record its deserializer
	 * refused is reported here and answers false.
	 */
	public boolean readable(ConsumerRecord<?, ?> record) {
		if (record.value() != null) {
			return true;
		}
		DeserializationException refused = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, headerLog);
		skip(record, (refused != null) ? refused : new DeserializationException("no value", null, false, null));
		return false;
	}

	/** Logs and counts one record that will not be handled. */
	public void skip(ConsumerRecord<?, ?> record, Exception cause) {
		String reason = reason(cause);
		this.meters.counter(METRIC, "topic", record.topic(), "reason", reason).increment();
		if (reason.equals("listener-failed")) {
			log.error("record skipped on {}-{}@{} ({}): the listener kept failing", record.topic(), record.partition(),
					record.offset(), reason, cause);
		}
		else {
			log.warn("record skipped on {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), reason,
					message(cause));
		}
	}

	private static String reason(Throwable cause) {
		if (find(cause, WrongTopicException.class) != null) {
			return "wrong-topic";
		}
		return (find(cause, DeserializationException.class) != null) ? "unreadable" : "listener-failed";
	}

	private static String message(Throwable cause) {
		Throwable wrong = find(cause, WrongTopicException.class);
		Throwable innermost = cause;
		while (innermost.getCause() != null && innermost.getCause() != innermost) {
			innermost = innermost.getCause();
		}
		return ((wrong != null) ? wrong : innermost).getMessage();
	}

	private static @Nullable Throwable find(Throwable cause, Class<? extends Throwable> type) {
		for (Throwable t = cause; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return t;
			}
		}
		return null;
	}

}
