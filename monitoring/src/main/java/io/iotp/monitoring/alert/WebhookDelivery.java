package io.iotp.monitoring.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import io.iotp.contracts.alert.AdminAlert;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each alert event as JSON (the {@code AdminAlert} record) to the configured
 * webhook, on a virtual thread so a slow receiver holds up nothing; retried with doubling
 * waits, and the outcome is recorded on the alert. Any 2xx answer counts as delivered.
 */
@Component
class WebhookDelivery implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

	private final AlertProperties properties;

	private final AlertStore store;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	WebhookDelivery(AlertProperties properties, AlertStore store) {
		this.properties = properties;
		this.store = store;
		this.http = HttpClient.newBuilder().connectTimeout(properties.webhookTimeout()).build();
	}

	void deliver(AdminAlert alert) {
		URI url = this.properties.webhookUrl();
		if (url == null) {
			return;
		}
		String body = this.json.writeValueAsString(alert);
		this.senders.execute(() -> send(url, alert, body));
	}

	private void send(URI url, AdminAlert alert, String body) {
		Duration wait = this.properties.webhookBackoff();
		String outcome = "not sent";
		for (int attempt = 1; attempt <= this.properties.webhookAttempts(); attempt++) {
			try {
				HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(url)
					.timeout(this.properties.webhookTimeout())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() / 100 == 2) {
					record(alert, "delivered" + (alert.resolved() ? " (resolution)" : ""));
					return;
				}
				outcome = "HTTP " + response.statusCode();
			}
			catch (IOException ex) {
				outcome = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			log.warn("[alert {}] webhook attempt {} of {} failed: {}", alert.alertId(), attempt,
					this.properties.webhookAttempts(), outcome);
			if (attempt < this.properties.webhookAttempts() && !pause(wait)) {
				return;
			}
			wait = wait.multipliedBy(2);
		}
		record(alert, "failed: " + outcome);
	}

	private void record(AdminAlert alert, String outcome) {
		try {
			this.store.delivery(alert.alertId().value(), outcome);
		}
		catch (DataAccessException ex) {
			log.warn("[alert {}] webhook outcome not recorded: {}", alert.alertId(), ex.getMessage());
		}
	}

	private static boolean pause(Duration wait) {
		try {
			Thread.sleep(wait);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.senders.shutdown();
		this.senders.awaitTermination(2, TimeUnit.SECONDS);
	}

}
