package io.iotp.logger.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.ids.AppId;
import io.iotp.contracts.ids.DeploymentId;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.contracts.messaging.Message;

/**
 * Publishes to the real broker what the platform publishes: app lines as the node agent
 * ships them, platform lines as the starter's appender ships them, deployment requests as
 * app-controller sends them. Envelopes are encoded here, so a test can send the same one
 * twice (a redelivery).
 */
public final class LogLines implements AutoCloseable {

	private final KafkaProducer<String, byte[]> producer;

	private final EnvelopeCodec codec = new EnvelopeCodec();

	public LogLines(String bootstrapServers) {
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 5,
						ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"),
				new StringSerializer(), new ByteArraySerializer());
	}

	/** A line an app instance printed, as its node agent ships it. */
	public static Envelope<LogEntry> appLine(String app, String service, String level, Instant time, String message) {
		String instance = "i-" + app + "-1";
		Map<String, String> context = Map.of("app", app, "service", service, "deploymentId", "d-" + app, "instanceId",
				instance, "nodeId", "local-1");
		LogEntry entry = new LogEntry(app + "/" + service, instance, time, level,
				"ERROR".equals(level) ? "stderr" : "stdout", null, message, null, context);
		return Envelope.of("node-agent", null, entry);
	}

	/** A platform service's log event, as the starter's appender ships it. */
	public static Envelope<LogEntry> platformLine(String component, String level, Instant time, String message,
			Map<String, String> mdc, @Nullable String stackTrace) {
		LogEntry entry = new LogEntry(component, component + "-1", time, level, "io.iotp." + component + ".Thing",
				"main", message, stackTrace, mdc);
		return Envelope.of(component, mdc.get("correlationId"), entry);
	}

	public void app(Envelope<LogEntry> line) {
		send(TopicNames.APP_LOGS, line.payload().source(), line);
	}

	/** Sends them all and waits until the broker has them. */
	public void apps(List<Envelope<LogEntry>> lines) {
		List<Future<RecordMetadata>> sent = new ArrayList<>(lines.size());
		for (Envelope<LogEntry> line : lines) {
			sent.add(this.producer
				.send(new ProducerRecord<>(TopicNames.APP_LOGS, line.payload().source(), this.codec.encode(line))));
		}
		this.producer.flush();
		sent.forEach(LogLines::await);
	}

	public void platform(Envelope<LogEntry> line) {
		send(TopicNames.PLATFORM_LOGS, line.payload().source(), line);
	}

	/** Tells the logger (and everyone) that {@code owner} deploys {@code app}. */
	public void deploymentRequested(String app, String owner) {
		DeploymentId deployment = DeploymentId.random();
		DeploymentRequested requested = new DeploymentRequested(deployment, AppId.of(app), "1.0.0", owner,
				"apps/" + app + "/1.0.0/app.zip", null, null, AppAccess.PUBLIC, List.of(), null, new HashMap<>(),
				List.of(), new HashMap<>(), false);
		send(TopicNames.SCHEDULER_TO_DEPLOYER, deployment.value(),
				Envelope.of("app-controller", deployment.value(), requested));
	}

	/** Sends one message and waits until the broker has it. */
	public void send(String topic, String key, Envelope<? extends Message> envelope) {
		await(this.producer.send(new ProducerRecord<>(topic, key, this.codec.encode(envelope))));
	}

	private static void await(Future<RecordMetadata> sent) {
		try {
			sent.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
