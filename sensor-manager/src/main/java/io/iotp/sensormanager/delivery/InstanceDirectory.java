package io.iotp.sensormanager.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;
import io.iotp.contracts.service.ServiceRegistration;

/**
 * The registered instances of every app service, learnt from {@code register-service}.
 * Every replica needs all of them, so each reads the topic from the beginning in a
 * consumer group of its own (the group id carries the replica's instance id); replaying
 * it yields the current set.
 */
@Component
class InstanceDirectory {

	private static final Logger log = LoggerFactory.getLogger(InstanceDirectory.class);

	private final Map<String, Map<String, String>> urlsByService = new ConcurrentHashMap<>();

	@KafkaListener(topics = TopicNames.REGISTER_SERVICE,
			groupId = "sensor-manager-instances-#{@platformIdentity.instanceId()}")
	void onRegistration(Envelope<ServiceRegistration> envelope) {
		switch (envelope.payload()) {
			case ServiceRegistered registered -> {
				String key = key(registered.app().value(), registered.service());
				this.urlsByService.compute(key, (k, urls) -> {
					Map<String, String> next = (urls != null) ? new LinkedHashMap<>(urls) : new LinkedHashMap<>();
					next.put(registered.instanceId().value(), registered.url());
					return Map.copyOf(next);
				});
				log.debug("instance {} of {} at {}", registered.instanceId(), key, registered.url());
			}
			case ServiceDeregistered deregistered -> this.urlsByService
				.computeIfPresent(key(deregistered.app().value(), deregistered.service()), (k, urls) -> {
					Map<String, String> next = new LinkedHashMap<>(urls);
					next.remove(deregistered.instanceId().value());
					return next.isEmpty() ? null : Map.copyOf(next);
				});
		}
	}

	/**
	 * Base URLs of the registered instances of a service, in a stable order; empty when
	 * none.
	 */
	List<String> urlsOf(String app, String service) {
		return this.urlsByService.getOrDefault(key(app, service), Map.of()).values().stream().sorted().toList();
	}

	private static String key(String app, String service) {
		return app + "/" + service;
	}

}
