package io.iotp.contracts.binding;

import java.util.List;
import java.util.Objects;

import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.sensor.BoundSensor;

/**
 * The sensors bound to one service of a deployment.
 *
 * @param service the service
 * @param delivery how its instances get the readings
 * @param topic the {@code app.<app>.<service>.sensor-data} topic the readings are
 * forwarded to
 * @param sensors the sensors, as the instances get them in {@code IOTP_SENSORS}
 */
public record ServiceBinding(String service, SensorDelivery delivery, String topic, List<BoundSensor> sensors) {

	public ServiceBinding {
		Objects.requireNonNull(service, "service");
		Objects.requireNonNull(topic, "topic");
		delivery = Objects.requireNonNullElse(delivery, SensorDelivery.NONE);
		sensors = List.copyOf(Objects.requireNonNullElse(sensors, List.of()));
	}

}
