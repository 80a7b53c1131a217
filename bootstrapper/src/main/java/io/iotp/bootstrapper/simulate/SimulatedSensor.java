package io.iotp.bootstrapper.simulate;

/**
 * A sensor the simulator registered.
 *
 * @param id its id, also its MQTT user name
 * @param apiKey its key (the platform shows it once, so the simulator keeps it)
 */
record SimulatedSensor(String id, String apiKey) {

}
