package io.iotp.sensormanager.delivery;

import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.iotp.contracts.messaging.EnvelopeCodec;
import io.iotp.sensormanager.binding.BindingIndex;
import io.iotp.starter.kafka.SkippedRecords;

/**
 * Runs one {@link DeliveryWorker} per active HTTP binding topic, started and stopped as
 * the binding index changes (at least every refresh interval, which also restarts a
 * worker that died). Each worker has its own thread and consumer, so an unreachable
 * instance holds up only its own binding.
 */
@Component
class HttpDelivery implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(HttpDelivery.class);

	private final BindingIndex index;

	private final InstanceDirectory instances;

	private final DeliveryProperties properties;

	private final KafkaProperties kafka;

	private final EnvelopeCodec codec;

	private final SkippedRecords skippedRecords;

	private final HttpClient http;

	private final Map<String, DeliveryWorker> workers = new HashMap<>();

	private boolean running;

	HttpDelivery(BindingIndex index, InstanceDirectory instances, DeliveryProperties properties, KafkaProperties kafka,
			EnvelopeCodec codec, SkippedRecords skippedRecords) {
		this.skippedRecords = skippedRecords;
		this.index = index;
		this.instances = instances;
		this.properties = properties;
		this.kafka = kafka;
		this.codec = codec;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectTimeout())
			.build();
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.index.subscribe(this::reconcile);
	}

	private synchronized void reconcile(BindingIndex.Snapshot snapshot) {
		if (!this.running) {
			return;
		}
		Set<String> wanted = new HashSet<>();
		for (BindingIndex.HttpTarget target : snapshot.httpTargets()) {
			wanted.add(target.runKey());
			DeliveryWorker existing = this.workers.get(target.runKey());
			if (existing != null && !existing.alive()) {
				// it failed; a new one starts from the committed offsets
				this.workers.remove(target.runKey());
			}
			this.workers.computeIfAbsent(target.runKey(), (key) -> {
				log.info("[deployment {}] delivering {} over HTTP to {}/{}", target.deploymentId(), target.topic(),
						target.app(), target.service());
				DeliveryWorker worker = new DeliveryWorker(target, this.instances, this.properties,
						this.kafka.buildConsumerProperties(), this.codec, this.skippedRecords, this.http);
				worker.start();
				return worker;
			});
		}
		this.workers.entrySet().removeIf((entry) -> {
			if (wanted.contains(entry.getKey())) {
				return false;
			}
			log.info("[deployment {}] HTTP delivery of {} ended", entry.getValue().target().deploymentId(),
					entry.getValue().target().topic());
			entry.getValue().stop();
			return true;
		});
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.workers.values().forEach(DeliveryWorker::stop);
		this.workers.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running;
	}

}
