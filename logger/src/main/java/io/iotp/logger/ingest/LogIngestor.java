package io.iotp.logger.ingest;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.logger.redaction.Redactor;
import io.iotp.logger.store.LogKind;
import io.iotp.logger.store.LogRecord;
import io.iotp.logger.store.LogStore;
import io.iotp.logger.tail.LiveTail;
import io.iotp.starter.kafka.SkippedRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Stores every line of {@code platform-logs} and {@code app-logs}, a batch at a time:
 * each poll becomes one bulk write, and what it stored goes to the live tail. Nothing
 * here logs per line: the logger's own lines travel on {@code platform-logs} and come
 * back through this very listener.
 */
@Component
class LogIngestor {

	private final LogStore store;

	private final LiveTail tail;

	private final LogRecords records = new LogRecords(new Redactor());

	private final Counter stored;

	private final Counter skipped;

	private final SkippedRecords skippedRecords;

	LogIngestor(LogStore store, LiveTail tail, MeterRegistry meters, SkippedRecords skippedRecords) {
		this.store = store;
		this.tail = tail;
		this.skippedRecords = skippedRecords;
		this.stored = Counter.builder("iotp.logger.lines.stored").description("log lines stored").register(meters);
		this.skipped = Counter.builder("iotp.logger.lines.skipped")
			.description("messages on the log topics that are not log entries or could not be read")
			.register(meters);
	}

	@KafkaListener(id = "log-ingest", idIsGroup = false, topics = { TopicNames.PLATFORM_LOGS, TopicNames.APP_LOGS },
			containerFactory = IngestConfiguration.FACTORY)
	void onBatch(List<ConsumerRecord<String, Envelope<LogEntry>>> batch) {
		List<LogRecord> toStore = new ArrayList<>(batch.size());
		int unreadable = 0;
		for (ConsumerRecord<String, Envelope<LogEntry>> record : batch) {
			if (this.skippedRecords.readable(record)) {
				LogKind kind = TopicNames.APP_LOGS.equals(record.topic()) ? LogKind.APP : LogKind.PLATFORM;
				toStore.add(this.records.of(kind, record.value(), record.value().payload()));
			}
			else {
				unreadable++;
			}
		}
		List<LogRecord> fresh = this.store.insert(toStore);
		this.stored.increment(fresh.size());
		this.skipped.increment(unreadable);
		this.tail.publish(fresh);
	}

}
