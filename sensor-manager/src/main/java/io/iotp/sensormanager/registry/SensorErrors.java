package io.iotp.sensormanager.registry;

import io.iotp.contracts.errors.ErrorCode;

/**
 * Error codes of the sensor manager that {@code ErrorCodes} in contracts does not have
 * yet; they follow its rules (stable, dotted kebab-case) and belong there once contracts
 * take additions.
 */
public final class SensorErrors {

	/** A sensor type still used by a sensor cannot be deleted. */
	public static final ErrorCode SENSOR_TYPE_IN_USE = new ErrorCode("sensor.type-in-use", 409,
			"Sensors of this type still exist; delete them or change their type first.");

	/**
	 * A change of a sensor type that would refuse readings that fit it so far.
	 */
	public static final ErrorCode SENSOR_TYPE_CHANGE_BREAKS = new ErrorCode("sensor.type-change-breaks", 409,
			"This change would refuse readings that were valid; add fields or widen ranges instead, or create a new type.");

	private SensorErrors() {
	}

}
