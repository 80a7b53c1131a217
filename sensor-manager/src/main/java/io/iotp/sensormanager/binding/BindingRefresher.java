package io.iotp.sensormanager.binding;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.iotp.sensormanager.registry.SensorChanged;

/**
 * Every {@code iotp.sensors.binding.refresh-interval}, and at once when the registry of
 * this replica reports a changed sensor: new sensors join bindings with room, and the
 * index is reloaded. The first load happens before the Kafka listeners start (a lower
 * phase), so the router never sees an empty index after a restart.
 */
@Component
class BindingRefresher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BindingRefresher.class);

	private final BindingService bindings;

	private final BindingProperties properties;

	private volatile ScheduledExecutorService executor;

	BindingRefresher(BindingService bindings, BindingProperties properties) {
		this.bindings = bindings;
		this.properties = properties;
	}

	@Override
	public void start() {
		refresh();
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("binding-refresh").daemon().factory());
		long every = this.properties.refreshInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
	}

	/**
	 * A sensor registered, changed or deleted here: look at once rather than at the next
	 * tick.
	 */
	@EventListener(SensorChanged.class)
	void onSensorChanged() {
		ScheduledExecutorService running = this.executor;
		if (running != null) {
			try {
				running.execute(this::refresh);
			}
			catch (RejectedExecutionException ex) {
				// stopping
			}
		}
	}

	private void refresh() {
		try {
			this.bindings.refresh();
		}
		catch (RuntimeException ex) {
			log.warn("binding refresh failed, next try in {}: {}", this.properties.refreshInterval(), ex.getMessage());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.executor;
		if (running != null) {
			running.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		// Kafka listener containers start at DEFAULT_PHASE - 100; the index must be there
		// before.
		return SmartLifecycle.DEFAULT_PHASE - 200;
	}

}
