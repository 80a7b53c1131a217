package io.iotp.starter.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.iotp.contracts.heartbeat.ComponentKind;
import io.iotp.starter.PlatformIdentity;

/**
 * With the broker away, logging must not wait for it: a real producer pointed at a port
 * nobody listens on waits up to {@code max.block.ms} (here 2 s) for metadata on every
 * send. Shipping that on the logging thread made 40 lines take 80 s.
 */
class KafkaLogAppenderTest {

	@Test
	void loggingDoesNotWaitForABrokerThatIsAway() throws Exception {
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = probe.getLocalPort();
		}
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
						ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000, ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000),
				new StringSerializer(), new ByteArraySerializer())) {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			KafkaLogAppender appender = new KafkaLogAppender(producer, new PlatformIdentity("test-service",
					ComponentKind.SERVICE, "test-service-1", "localhost", 1, "test", Instant.now()), 10);
			appender.setContext(context);
			appender.start();
			Logger logger = context.getLogger("io.iotp.test.log-shipping");
			logger.setAdditive(false);
			logger.addAppender(appender);

			// 40 lines would take 80 s if each waited for the broker; the bound only
			// catches that (or a hang)
			assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
				for (int i = 0; i < 40; i++) {
					logger.info("line {} while the broker is away", i);
				}
			});

			// the queue holds 10: what did not fit was dropped and counted, not waited
			// for
			assertThat(appender.dropped()).isGreaterThanOrEqualTo(40 - 10 - 2);
			logger.detachAppender(appender);
			appender.stop();
		}
	}

}
