package io.iotp.logger.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

import io.iotp.contracts.TopicNames;
import io.iotp.logger.LoggerApplication;
import io.iotp.starter.security.TestTokensInitializer;
import io.iotp.testsupport.EmbeddedMongo;

/**
 * The whole logger on a random port, with a real Kafka broker (embedded, KRaft) and a
 * MongoDB wire-protocol server, trusting the tokens of the context's {@code TestTokens}
 * bean. Every test class using it shares one context, so tests use unique app names.
 * Retention runs only when a test calls it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = LoggerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "iotp.platform.ship-logs=false",
				"iotp.platform.heartbeat-interval=5s", "iotp.logger.ingest.concurrency=1",
				"iotp.logger.stream.heartbeat=1s", "iotp.logger.retention.interval=1h",
				"iotp.logger.query.download-max=5000" })
@EmbeddedKafka(partitions = 1,
		topics = { TopicNames.PLATFORM_LOGS, TopicNames.APP_LOGS, TopicNames.SCHEDULER_TO_DEPLOYER,
				TopicNames.HEARTBEAT },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = { EmbeddedMongo.class, TestTokensInitializer.class })
public @interface LoggerTest {

}
