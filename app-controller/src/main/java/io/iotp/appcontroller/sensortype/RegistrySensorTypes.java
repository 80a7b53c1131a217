package io.iotp.appcontroller.sensortype;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import io.iotp.appcontroller.validation.SensorTypeCatalog;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.contracts.sensor.SensorTypeChanged;

/**
 * sensor-manager's sensor types, read from the compacted {@code sensor-types} topic from
 * its start by every replica (a consumer group of its own). A name not known here may
 * have been created a moment ago: before saying it is unknown, the replica reads the
 * topic up to the end it has now, waiting at most {@code catch-up}. When Kafka cannot
 * tell where that end is, or the replica cannot get there in time, the caller gets a
 * retriable 503 instead of a wrong "unknown type".
 */
@Component
class RegistrySensorTypes implements SensorTypeCatalog, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RegistrySensorTypes.class);

	private final Map<String, SensorType> types = new ConcurrentHashMap<>();

	/** Per partition, the offset after the last record applied. */
	private final Map<Integer, Long> applied = new ConcurrentHashMap<>();

	private final KafkaAdmin kafkaAdmin;

	private final SensorTypeProperties properties;

	private final Object progress = new Object();

	private @Nullable Admin admin;

	RegistrySensorTypes(KafkaAdmin kafkaAdmin, SensorTypeProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.properties = properties;
	}

	@KafkaListener(topics = TopicNames.SENSOR_TYPES,
			groupId = "app-controller-sensor-types-#{T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=earliest")
	void onChange(Envelope<SensorTypeChanged> envelope, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition,
			@Header(KafkaHeaders.OFFSET) long offset) {
		SensorTypeChanged change = envelope.payload();
		SensorType type = change.type();
		if (type == null) {
			this.types.remove(change.name());
		}
		else {
			this.types.put(change.name(), type);
		}
		synchronized (this.progress) {
			this.applied.merge(partition, offset + 1, Math::max);
			this.progress.notifyAll();
		}
	}

	@Override
	public Set<String> knownTypes() {
		return Set.copyOf(this.types.keySet());
	}

	@Override
	public boolean isKnown(String type) {
		if (this.types.containsKey(type)) {
			return true;
		}
		catchUp();
		return this.types.containsKey(type);
	}

	/** Reads the topic up to its end as of now, or says why it cannot. */
	private void catchUp() {
		Instant deadline = Instant.now().plus(this.properties.catchUp());
		Map<Integer, Long> ends = ends(deadline);
		synchronized (this.progress) {
			while (!reached(ends)) {
				long left = Duration.between(Instant.now(), deadline).toMillis();
				if (left <= 0) {
					throw unavailable("app-controller has not read the sensor types up to the latest within "
							+ this.properties.catchUp().toSeconds() + " s");
				}
				try {
					this.progress.wait(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw unavailable("interrupted while reading the sensor types");
				}
			}
		}
	}

	private boolean reached(Map<Integer, Long> ends) {
		return ends.entrySet()
			.stream()
			.allMatch((end) -> this.applied.getOrDefault(end.getKey(), 0L) >= end.getValue());
	}

	private Map<Integer, Long> ends(Instant deadline) {
		try {
			Admin kafka = admin();
			TopicDescription topic = kafka.describeTopics(Set.of(TopicNames.SENSOR_TYPES))
				.allTopicNames()
				.get(millisLeft(deadline), TimeUnit.MILLISECONDS)
				.get(TopicNames.SENSOR_TYPES);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			topic.partitions()
				.forEach((p) -> latest.put(new TopicPartition(TopicNames.SENSOR_TYPES, p.partition()),
						OffsetSpec.latest()));
			Map<Integer, Long> ends = new HashMap<>();
			kafka.listOffsets(latest)
				.all()
				.get(millisLeft(deadline), TimeUnit.MILLISECONDS)
				.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
			return ends;
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("the end of {} could not be read: {}", TopicNames.SENSOR_TYPES, ex.toString());
			throw unavailable("Kafka did not say where the sensor types end (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("interrupted while reading the sensor types");
		}
	}

	private static long millisLeft(Instant deadline) {
		return Math.max(Duration.between(Instant.now(), deadline).toMillis(), 1);
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			Map<String, Object> config = new HashMap<>(this.kafkaAdmin.getConfigurationProperties());
			config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
			config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
			this.admin = Admin.create(config);
		}
		return this.admin;
	}

	private static PlatformException unavailable(String why) {
		return new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
				"the sensor types cannot be checked right now: " + why + "; try the upload again in a moment");
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(2));
		}
	}

}
