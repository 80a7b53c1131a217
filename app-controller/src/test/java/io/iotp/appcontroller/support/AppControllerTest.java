package io.iotp.appcontroller.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

import io.iotp.appcontroller.AppControllerApplication;
import io.iotp.contracts.TopicNames;
import io.iotp.starter.security.TestTokensInitializer;

/**
 * The whole app controller on a random port, with a real Kafka broker (embedded, KRaft)
 * and a MongoDB wire-protocol server, trusting the tokens of the context's
 * {@code TestTokens} bean. Every test class using it shares one context, so tests name
 * their apps uniquely.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = AppControllerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "iotp.platform.ship-logs=false",
				"iotp.platform.heartbeat-interval=5s",
				// cron schedules of the tests fire every 2 s; one that fires every second
				// is refused
				"iotp.app-controller.deployments.min-cron-interval=2s" })
@EmbeddedKafka(partitions = 1,
		topics = { TopicNames.SCHEDULER_TO_DEPLOYER, TopicNames.DEPLOYMENT_STATUS, TopicNames.HEARTBEAT,
				TopicNames.PLATFORM_LOGS, TopicNames.SENSOR_TYPES },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = { EmbeddedStores.class, TestTokensInitializer.class })
@Import(CommonSensorTypes.OnStart.class)
public @interface AppControllerTest {

}
