package io.iotp.starter.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

import io.iotp.contracts.Topics;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.starter.MessagePublisher;
import io.iotp.starter.PlatformIdentity;

/**
 * Sends this process's heartbeat on {@code heartbeat} at a fixed interval, on a thread of
 * its own so a busy service still reports. It says {@code STARTING} until the application
 * is ready, {@code UP} after, and a last {@code STOPPING} on shutdown so the failure
 * detector need not wait for a timeout.
 */
public class HeartbeatPublisher implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

	private final MessagePublisher publisher;

	private final PlatformIdentity identity;

	private final Duration interval;

	private final AtomicReference<HeartbeatStatus> status = new AtomicReference<>(HeartbeatStatus.STARTING);

	private final AtomicReference<@Nullable Instant> lastAcknowledged = new AtomicReference<>();

	private final AtomicReference<@Nullable String> lastFailure = new AtomicReference<>();

	private final AtomicReference<@Nullable String> url = new AtomicReference<>();

	private @Nullable ScheduledExecutorService executor;

	public HeartbeatPublisher(MessagePublisher publisher, PlatformIdentity identity, Duration interval) {
		this.publisher = publisher;
		this.identity = identity;
		this.interval = interval;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.url.set(url(event.getApplicationContext().getEnvironment()));
		this.status.set(HeartbeatStatus.UP);
		send();
	}

	/**
	 * Where this process answers HTTP, as the gateway will call it: the address it binds
	 * (loopback when it binds them all) and the port its web server got.
	 */
	static @Nullable String url(Environment environment) {
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			return null;
		}
		String address = environment.getProperty("server.address", "");
		if (address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) {
			address = "127.0.0.1";
		}
		return "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("iotp-heartbeat").daemon(true).factory());
		this.executor.scheduleAtFixedRate(this::send, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor == null) {
			return;
		}
		this.executor.shutdownNow();
		this.executor = null;
		this.status.set(HeartbeatStatus.STOPPING);
		try {
			send().get(2, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			log.debug("last heartbeat not acknowledged: {}", ex.toString());
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/** Stops after the web server but before Kafka's producer goes away. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

	/** When Kafka last acknowledged a heartbeat, or null if it never has. */
	public @Nullable Instant lastAcknowledged() {
		return this.lastAcknowledged.get();
	}

	public @Nullable String lastFailure() {
		return this.lastFailure.get();
	}

	public Duration interval() {
		return this.interval;
	}

	private java.util.concurrent.CompletableFuture<?> send() {
		Heartbeat heartbeat = new Heartbeat(this.identity.componentId(), this.identity.kind(),
				this.identity.instanceId(), this.identity.host(), this.identity.pid(), this.identity.version(),
				this.status.get(), this.identity.startedAt(), this.url.get());
		try {
			return this.publisher.publish(Topics.HEARTBEAT, heartbeat).whenComplete((result, failure) -> {
				if (failure == null) {
					this.lastAcknowledged.set(Instant.now());
					this.lastFailure.set(null);
				}
				else {
					this.lastFailure.set(failure.getMessage());
				}
			});
		}
		catch (RuntimeException ex) {
			this.lastFailure.set(ex.getMessage());
			return java.util.concurrent.CompletableFuture.failedFuture(ex);
		}
	}

}
