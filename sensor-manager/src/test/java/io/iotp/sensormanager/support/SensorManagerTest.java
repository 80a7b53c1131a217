package io.iotp.sensormanager.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

import io.iotp.contracts.TopicNames;
import io.iotp.sensormanager.SensorManagerApplication;
import io.iotp.starter.security.TestTokensInitializer;
import io.iotp.testsupport.EmbeddedMongo;

/**
 * The whole sensor manager on a random HTTP port and a free MQTT port, with a real Kafka
 * broker (embedded, KRaft) and a MongoDB wire-protocol server, trusting the tokens of the
 * context's {@code TestTokens}. Every test class using it shares one context, so tests
 * use their own sensors.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = SensorManagerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "iotp.platform.ship-logs=false",
				"iotp.platform.heartbeat-interval=5s", "iotp.sensors.mqtt.port=0",
				"iotp.sensors.commands.sweep-interval=200ms", "iotp.sensors.commands.resend-after=1s",
				"iotp.sensors.ingest.max-body-size=256KB", "iotp.sensors.ingest.max-readings=2000",
				"iotp.sensors.binding.app-calls-per-second=20", "iotp.sensors.binding.app-call-burst=50" })
@EmbeddedKafka(partitions = 1,
		topics = { TopicNames.SENSOR_DATA, TopicNames.SENSOR_COMMANDS, TopicNames.HEARTBEAT, TopicNames.PLATFORM_LOGS,
				TopicNames.SENSOR_BINDING_REQUEST, TopicNames.SENSOR_BINDING_RESPONSE, TopicNames.DEPLOYMENT_STATUS,
				TopicNames.REGISTER_SERVICE, TopicNames.SENSOR_TYPES },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = { EmbeddedMongo.class, TestTokensInitializer.class })
public @interface SensorManagerTest {

}
