/**
 * Readings from devices over HTTP (and the parsing, validation, enrichment and
 * publication MQTT shares): authenticated by the sensor's key, checked against its type,
 * on {@code sensor-data} once Kafka has them.
 */
@NullMarked
package io.iotp.sensormanager.ingest;

import org.jspecify.annotations.NullMarked;
