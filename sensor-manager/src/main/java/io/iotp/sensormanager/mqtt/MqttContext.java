package io.iotp.sensormanager.mqtt;

import java.util.concurrent.Executor;

import io.iotp.sensormanager.command.Commands;
import io.iotp.sensormanager.ingest.DeviceAuthenticator;
import io.iotp.sensormanager.ingest.Ingestion;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every MQTT connection shares.
 *
 * @param properties server settings
 * @param authenticator checks user name (sensor id) and password (key)
 * @param ingestion validates and publishes readings
 * @param commands command state
 * @param sessions connected sensors
 * @param json to encode commands
 * @param blocking runs MongoDB calls off the event loop
 * @param rejections rate-limited log of rejected messages
 */
record MqttContext(MqttProperties properties, DeviceAuthenticator authenticator, Ingestion ingestion, Commands commands,
		MqttSessions sessions, JsonMapper json, Executor blocking, RateLimitedLog rejections) {
}
