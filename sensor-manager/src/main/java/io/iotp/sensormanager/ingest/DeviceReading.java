package io.iotp.sensormanager.ingest;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One reading as a device sent it, parsed but not yet checked against its type.
 *
 * @param path where it is in the body, as a JSON pointer ({@code ""} for a lone reading,
 * {@code /3} in an array), for error messages
 * @param sensorId the sensor it names (batches only)
 * @param ts the device's time, if it sent one
 * @param values field to value: Number, Boolean, String, null, or a JSON node for
 * anything else (which no field type accepts)
 */
record DeviceReading(String path, @Nullable String sensorId, @Nullable Instant ts,
		Map<String, @Nullable Object> values) {
}
