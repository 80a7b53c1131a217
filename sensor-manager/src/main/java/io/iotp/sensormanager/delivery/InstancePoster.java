package io.iotp.sensormanager.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.sensormanager.binding.BindingIndex;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs a batch of readings, as a JSON array, to {@code <instance>/sensor-data} of the
 * binding's service, and says what became of it. A failed attempt moves on to the next
 * registered instance. Used by the worker's thread only.
 */
final class InstancePoster {

	// the category of everything a delivery worker logs, wherever in the package it is
	// logged
	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	/** What became of one POST. */
	enum Outcome {

		/** 2xx. */
		DELIVERED,

		/** A 4xx other than 408 and 429: sending the same again will not help. */
		REFUSED,

		/** No instance, no connection, a 5xx, 408 or 429: try again later, elsewhere. */
		FAILED,

		/** The thread was interrupted while waiting for the answer: the worker stops. */
		INTERRUPTED

	}

	private final BindingIndex.HttpTarget target;

	private final InstanceDirectory instances;

	private final DeliveryProperties properties;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private int nextInstance;

	InstancePoster(BindingIndex.HttpTarget target, InstanceDirectory instances, DeliveryProperties properties,
			HttpClient http) {
		this.target = target;
		this.instances = instances;
		this.properties = properties;
		this.http = http;
	}

	/** The body of a POST: the batch's readings as a JSON array. */
	byte[] body(List<PendingReading> batch) {
		return this.json.writeValueAsBytes(batch.stream().map(PendingReading::reading).toList());
	}

	/**
	 * @param readings how many readings the body holds, for the log
	 * @param attempt 1 for the first POST of this body, counting on with each retry
	 */
	Outcome post(byte[] body, int readings, int attempt) {
		List<String> urls = this.instances.urlsOf(this.target.app(), this.target.service());
		if (urls.isEmpty()) {
			if (attempt == 1 || attempt % 10 == 0) {
				log.info("[deployment {}] {} reading(s) for {}/{} wait: no instance registered (attempt {})",
						this.target.deploymentId(), readings, this.target.app(), this.target.service(), attempt);
			}
			return Outcome.FAILED;
		}
		String url = urls.get(Math.floorMod(this.nextInstance, urls.size()));
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(url + "/sensor-data"))
				.timeout(this.properties.requestTimeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			if (status / 100 == 2) {
				if (attempt > 1) {
					log.info("[deployment {}] {} reading(s) delivered to {} after {} attempts",
							this.target.deploymentId(), readings, url, attempt);
				}
				return Outcome.DELIVERED;
			}
			warn(url, "answered " + status, attempt);
			if (status / 100 == 4 && status != 408 && status != 429) {
				return Outcome.REFUSED;
			}
		}
		catch (java.io.IOException ex) {
			warn(url, ex.toString(), attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Outcome.INTERRUPTED;
		}
		this.nextInstance++; // the next attempt goes to the next instance
		return Outcome.FAILED;
	}

	private void warn(String url, String what, int attempt) {
		if (attempt <= 3 || attempt % 10 == 0) {
			log.warn("[deployment {}] POST {}/sensor-data {} (attempt {})", this.target.deploymentId(), url, what,
					attempt);
		}
	}

}
