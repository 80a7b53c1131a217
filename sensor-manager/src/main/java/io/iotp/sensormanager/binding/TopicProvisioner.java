package io.iotp.sensormanager.binding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;

/** Creates the per-service topics (idempotently) and tells where they stand. */
@Component
class TopicProvisioner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

	private static final long TIMEOUT_SECONDS = 15;

	private static final int RETRIES = 5;

	private final Admin admin;

	private final BindingProperties properties;

	TopicProvisioner(KafkaAdmin kafkaAdmin, BindingProperties properties) {
		this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
		this.properties = properties;
	}

	/**
	 * Creates the topics that do not exist yet, and answers the end offset of every
	 * partition of them.
	 * @throws PlatformException {@code service.unavailable} when Kafka does not answer
	 */
	List<BindingDocument.StartOffset> ensure(Collection<String> topics) {
		if (topics.isEmpty()) {
			return List.of();
		}
		try {
			List<NewTopic> wanted = topics.stream()
				.map((topic) -> new NewTopic(topic, Optional.of(this.properties.topicPartitions()),
						(this.properties.topicReplicas() > 0) ? Optional.of(this.properties.topicReplicas())
								: Optional.empty()))
				.toList();
			for (var entry : this.admin.createTopics(wanted).values().entrySet()) {
				try {
					entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
					log.info("created topic {} ({} partitions)", entry.getKey(), this.properties.topicPartitions());
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
			return startOffsets(topics);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
					"cannot create the topics " + topics + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE, "interrupted while creating topics");
		}
	}

	/**
	 * The end offset of every partition. Right after creation a broker may not know a
	 * topic yet, so retriable errors are retried a few times.
	 */
	private List<BindingDocument.StartOffset> startOffsets(Collection<String> topics)
			throws ExecutionException, TimeoutException, InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				Map<String, TopicDescription> described = this.admin.describeTopics(topics)
					.allTopicNames()
					.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				described.values()
					.forEach((topic) -> topic.partitions()
						.forEach((p) -> latest.put(new TopicPartition(topic.name(), p.partition()),
								OffsetSpec.latest())));
				List<BindingDocument.StartOffset> offsets = new ArrayList<>();
				this.admin.listOffsets(latest)
					.all()
					.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
					.forEach((partition, info) -> offsets
						.add(new BindingDocument.StartOffset(partition.topic(), partition.partition(), info.offset())));
				return offsets;
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof RetriableException) || attempt == RETRIES) {
					throw ex;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200L * attempt));
			}
		}
	}

	@Override
	public void destroy() {
		this.admin.close();
	}

}
