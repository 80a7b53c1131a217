package io.iotp.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.service.ServiceDeregistered;
import io.iotp.contracts.service.ServiceRegistered;
import io.iotp.contracts.service.ServiceRegistration;

/**
 * The healthy instances of every deployed app's services, from {@code register-service}.
 * Each gateway replica reads the whole topic from its start in a consumer group of its
 * own, so a new or restarted gateway knows every registration without asking anyone.
 */
@Component
public class AppRegistry {

	private static final Logger log = LoggerFactory.getLogger(AppRegistry.class);

	private static final Duration PASSED_OVER_FOR = Duration.ofSeconds(5);

	private final Map<String, App> apps = new ConcurrentHashMap<>();

	@KafkaListener(topics = TopicNames.REGISTER_SERVICE, groupId = "api-gateway-#{@platformIdentity.instanceId()}")
	void onRegistration(Envelope<ServiceRegistration> envelope) {
		switch (envelope.payload()) {
			case ServiceRegistered registered -> register(registered);
			case ServiceDeregistered deregistered -> deregister(deregistered);
		}
	}

	void register(ServiceRegistered registered) {
		App app = this.apps.computeIfAbsent(registered.app().value(), name -> new App());
		if (registered.entry()) {
			app.entryService = registered.service();
		}
		app.access = registered.access();
		app.services.computeIfAbsent(registered.service(), name -> new Service())
			.put(registered.instanceId().value(), URI.create(registered.url()));
		log.info("[app {}] routing {} to instance {} at {}", registered.app(), registered.service(),
				registered.instanceId(), registered.url());
	}

	void deregister(ServiceDeregistered deregistered) {
		App app = this.apps.get(deregistered.app().value());
		if (app == null) {
			return;
		}
		Service service = app.services.get(deregistered.service());
		if (service != null && service.remove(deregistered.instanceId().value())) {
			log.info("[app {}] no longer routing {} to instance {}: {}", deregistered.app(), deregistered.service(),
					deregistered.instanceId(), deregistered.reason());
		}
	}

	/**
	 * Whether this app has ever been registered here (an app without instances answers
	 * 503, not 404).
	 */
	boolean knows(String app) {
		return this.apps.containsKey(app);
	}

	/** Whether the app's link needs a platform login ({@code "access": "platform"}). */
	public boolean requiresLogin(String app) {
		App known = this.apps.get(app);
		return known != null && known.access == AppAccess.PLATFORM;
	}

	boolean hasService(String app, String service) {
		App known = this.apps.get(app);
		return known != null && known.services.containsKey(service);
	}

	@Nullable String entryService(String app) {
		App known = this.apps.get(app);
		return (known != null) ? known.entryService : null;
	}

	/**
	 * The next instance of the service, round-robin, or empty when none is healthy. One
	 * passed over lately is skipped while another is there.
	 */
	Optional<URI> next(String app, String service) {
		App known = this.apps.get(app);
		Service target = (known != null) ? known.services.get(service) : null;
		if (target == null) {
			return Optional.empty();
		}
		List<URI> instances = target.snapshot;
		if (instances.isEmpty()) {
			return Optional.empty();
		}
		int turn = target.turn.getAndIncrement();
		for (int tried = 0; tried < instances.size(); tried++) {
			URI instance = instances.get(Math.floorMod(turn + tried, instances.size()));
			if (!target.passedOver(instance)) {
				return Optional.of(instance);
			}
		}
		return Optional.of(instances.get(Math.floorMod(turn, instances.size())));
	}

	/**
	 * Skips an instance that refused a connection for {@link #PASSED_OVER_FOR}: its
	 * deregistration follows when it is gone for good, and an instance its agent restarts
	 * in place gets calls again after that.
	 */
	void passOver(String app, String service, URI instance) {
		App known = this.apps.get(app);
		Service target = (known != null) ? known.services.get(service) : null;
		if (target != null) {
			target.passedOver.put(instance, System.nanoTime() + PASSED_OVER_FOR.toNanos());
			log.warn("[app {}] instance of {} at {} refused a connection: passed over for {} s", app, service, instance,
					PASSED_OVER_FOR.toSeconds());
		}
	}

	private static final class App {

		private final Map<String, Service> services = new ConcurrentHashMap<>();

		private volatile @Nullable String entryService;

		private volatile AppAccess access = AppAccess.PUBLIC;

	}

	/**
	 * The instances of one service. Changes are rare and take the lock; every app-link
	 * request picks from {@link #snapshot}, which is replaced on each change, so it
	 * neither locks nor copies the instances.
	 */
	private static final class Service {

		/** Guarded by {@code this}. */
		private final Map<String, URI> instances = new HashMap<>();

		/** An unmodifiable copy of the instances' URLs, as of the latest change. */
		private volatile List<URI> snapshot = List.of();

		private final AtomicInteger turn = new AtomicInteger();

		/** Instances passed over, until when ({@link System#nanoTime()}). */
		private final Map<URI, Long> passedOver = new ConcurrentHashMap<>();

		boolean passedOver(URI instance) {
			Long until = this.passedOver.get(instance);
			if (until == null) {
				return false;
			}
			if (System.nanoTime() - until < 0) {
				return true;
			}
			this.passedOver.remove(instance, until);
			return false;
		}

		synchronized void put(String instanceId, URI url) {
			this.instances.put(instanceId, url);
			this.passedOver.remove(url);
			this.snapshot = List.copyOf(this.instances.values());
		}

		/** Whether the instance was there. */
		synchronized boolean remove(String instanceId) {
			URI removed = this.instances.remove(instanceId);
			if (removed == null) {
				return false;
			}
			this.passedOver.remove(removed);
			this.snapshot = List.copyOf(this.instances.values());
			return true;
		}

	}

}
