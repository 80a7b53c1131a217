package io.iotp.sensormanager.binding;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.iotp.contracts.app.SensorRequirement;

/**
 * The sensors chosen for one requirement of the app, or for one service's explicit ids.
 *
 * @param type sensor type asked for; null for explicit ids
 * @param location location asked for; null for any location, and for explicit ids
 * @param count how many the requirement asks for; the size of the list for explicit ids
 * @param services the services that get these sensors
 * @param explicit whether the ids were named in the deployment request (such a group
 * never changes)
 * @param sensors the chosen sensors
 */
record SensorGroup(@Nullable String type, @Nullable String location, int count, List<String> services, boolean explicit,
		List<SensorRecord> sensors) {

	SensorGroup {
		services = List.copyOf(services);
		sensors = List.copyOf(sensors);
	}

	static SensorGroup of(SensorRequirement requirement, List<String> services, List<SensorRecord> sensors) {
		return new SensorGroup(requirement.type(), requirement.location(), requirement.count(), services, false,
				sensors);
	}

	/**
	 * Whether this group was made for {@code requirement} (so a re-request keeps its
	 * sensors).
	 */
	boolean answers(SensorRequirement requirement, List<String> services) {
		return !this.explicit && Objects.equals(this.type, requirement.type())
				&& Objects.equals(this.location, requirement.location()) && this.services.equals(services);
	}

	/** Whether {@code sensor} is what this group asks for. */
	boolean matches(SensorRecord sensor) {
		return !this.explicit && sensor.type().equals(this.type)
				&& (this.location == null || this.location.equals(sensor.location()));
	}

	boolean hasRoom() {
		return !this.explicit && this.sensors.size() < this.count;
	}

	SensorGroup withSensors(List<SensorRecord> sensors) {
		return new SensorGroup(this.type, this.location, this.count, this.services, this.explicit, sensors);
	}

}
