package io.iotp.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.iotp.contracts.Topics;
import io.iotp.contracts.alert.AdminAlert;
import io.iotp.contracts.alert.AlertSeverity;
import io.iotp.starter.MessagePublisher;

/**
 * Raising an alert does not wait for Kafka: while the broker is away a send blocks for
 * the producer's {@code max.block.ms}, and the failure detector that raises the alert is
 * what restarts the broker.
 */
class AlertsTest {

	@Test
	void raisingAnAlertReturnsWhileItsPublicationIsStillBlockedOnKafka() throws Exception {
		AlertStore store = mock(AlertStore.class);
		when(store.open(anyString(), anyString())).thenReturn(Optional.empty());
		MessagePublisher publisher = mock(MessagePublisher.class);
		CountDownLatch brokerBack = new CountDownLatch(1);
		when(publisher.publish(eq(Topics.NOTIFY_ADMIN), any(AdminAlert.class))).thenAnswer(invocation -> {
			// KafkaTemplate.send waiting for metadata
			brokerBack.await(30, TimeUnit.SECONDS);
			return new CompletableFuture<>();
		});
		Alerts alerts = new Alerts(store, publisher, mock(WebhookDelivery.class), mock(MailDelivery.class),
				Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), java.time.ZoneOffset.UTC));
		try {
			long begin = System.nanoTime();
			assertThat(alerts.raise("component-down", "ldap", null, AlertSeverity.CRITICAL, "ldap is DOWN", null))
				.isPresent();
			assertThat(alerts.raise("component-down", "mongodb", null, AlertSeverity.CRITICAL, "mongodb is DOWN", null))
				.isPresent();
			assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(1));

			brokerBack.countDown();
			verify(publisher, timeout(5000).times(2)).publish(eq(Topics.NOTIFY_ADMIN), any(AdminAlert.class));
		}
		finally {
			brokerBack.countDown();
			alerts.destroy();
		}
	}

}
