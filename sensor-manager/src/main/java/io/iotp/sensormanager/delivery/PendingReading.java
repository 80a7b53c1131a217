package io.iotp.sensormanager.delivery;

import org.apache.kafka.common.TopicPartition;

import io.iotp.contracts.sensor.SensorReading;

/** A reading waiting for delivery, with where it came from. */
record PendingReading(TopicPartition partition, long offset, SensorReading reading) {

}
