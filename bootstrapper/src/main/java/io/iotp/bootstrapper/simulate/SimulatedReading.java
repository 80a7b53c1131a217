package io.iotp.bootstrapper.simulate;

import java.time.Instant;
import java.util.Map;

/**
 * One reading to send.
 *
 * @param sensor who sends it
 * @param ts when it was measured
 * @param values its values
 */
record SimulatedReading(SimulatedSensor sensor, Instant ts, Map<String, Object> values) {

}
