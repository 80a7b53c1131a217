package io.iotp.sensormanager.registry;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.contracts.sensor.SensorTypeChanged;
import io.iotp.starter.MessagePublisher;

/**
 * Tells the platform about the registry on the compacted {@code sensor-types} topic,
 * where app-controller learns which types an upload may ask for. Every change is
 * announced, and acknowledged by Kafka, before the caller is answered.
 */
@Component
class SensorTypeAnnouncer {

	private static final Logger log = LoggerFactory.getLogger(SensorTypeAnnouncer.class);

	private static final long ACK_SECONDS = 15;

	private final MessagePublisher publisher;

	private final Clock clock;

	SensorTypeAnnouncer(MessagePublisher publisher) {
		this.publisher = publisher;
		this.clock = Clock.systemUTC();
	}

	/**
	 * @throws PlatformException {@code service.unavailable} when Kafka did not take it
	 */
	void defined(SensorType type) {
		announce(SensorTypeChanged.defined(type, this.clock.instant()));
	}

	/**
	 * @throws PlatformException {@code service.unavailable} when Kafka did not take it
	 */
	void removed(String name) {
		announce(SensorTypeChanged.removed(name, this.clock.instant()));
	}

	/** Announces every type again; what Kafka refused is logged. */
	void all(List<SensorType> types) {
		for (SensorType type : types) {
			announce(SensorTypeChanged.defined(type, this.clock.instant()));
		}
		log.info("announced the {} sensor types of the registry on {}", types.size(), Topics.SENSOR_TYPES);
	}

	private void announce(SensorTypeChanged change) {
		try {
			this.publisher.publish(Topics.SENSOR_TYPES, change).get(ACK_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
					"sensor type '" + change.name() + "' could not be announced to the platform (Kafka: "
							+ ex.getClass().getSimpleName() + "); nothing was changed, try again");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
					"interrupted while announcing sensor type '" + change.name() + "'; try again");
		}
	}

}
