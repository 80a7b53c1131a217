package io.iotp.bootstrapper.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.iotp.bootstrapper.platform.PlatformException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readings over MQTT: one connection per sensor (user name = sensor id, password = its
 * key), each reading published with QoS 1 to {@code sensors/<id>/data} as {@code {ts,
 * values}}; a reading counts as accepted when its PUBACK arrives (the platform sends it
 * once Kafka has the reading).
 */
final class MqttReadingSender implements ReadingSender {

	private static final int MAX_INFLIGHT = 1000;

	private final Map<String, MqttAsyncClient> clients = new LinkedHashMap<>();

	private final SendStats stats;

	private final JsonMapper json = JsonMapper.builder().build();

	private final AtomicInteger outstanding = new AtomicInteger();

	private final IMqttActionListener counter = new IMqttActionListener() {

		@Override
		public void onSuccess(IMqttToken token) {
			MqttReadingSender.this.stats.accepted.increment();
			MqttReadingSender.this.outstanding.decrementAndGet();
		}

		@Override
		public void onFailure(IMqttToken token, Throwable failure) {
			MqttReadingSender.this.stats.failed(1, String.valueOf(failure));
			MqttReadingSender.this.outstanding.decrementAndGet();
		}

	};

	MqttReadingSender(String serverUri, List<SimulatedSensor> sensors, SendStats stats) {
		this.stats = stats;
		List<IMqttToken> connecting = new ArrayList<>();
		try {
			for (SimulatedSensor sensor : sensors) {
				MqttAsyncClient client = new MqttAsyncClient(serverUri, sensor.id(), new MemoryPersistence());
				MqttConnectOptions options = new MqttConnectOptions();
				options.setUserName(sensor.id());
				options.setPassword(sensor.apiKey().toCharArray());
				options.setCleanSession(true);
				options.setMaxInflight(MAX_INFLIGHT);
				options.setConnectionTimeout(10);
				options.setAutomaticReconnect(false);
				this.clients.put(sensor.id(), client);
				connecting.add(client.connect(options));
			}
			for (IMqttToken token : connecting) {
				token.waitForCompletion(TimeUnit.SECONDS.toMillis(15));
			}
		}
		catch (MqttException ex) {
			close();
			throw new PlatformException("cannot connect the simulated sensors to MQTT at " + serverUri + ": "
					+ ex.getMessage() + " (reason " + ex.getReasonCode() + ")");
		}
	}

	@Override
	public void send(List<SimulatedReading> readings, long deadline) {
		for (SimulatedReading reading : readings) {
			MqttAsyncClient client = this.clients.get(reading.sensor().id());
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("ts", reading.ts().toString());
			payload.put("values", reading.values());
			MqttMessage message = new MqttMessage(this.json.writeValueAsBytes(payload));
			message.setQos(1);
			this.stats.sent.increment();
			this.outstanding.incrementAndGet();
			try {
				client.publish("sensors/" + reading.sensor().id() + "/data", message, null, this.counter);
			}
			catch (MqttException ex) {
				// e.g. too many in flight on this connection: the platform is slower than
				// the rate
				this.outstanding.decrementAndGet();
				this.stats.failed(1, ex.getMessage() + " (reason " + ex.getReasonCode() + ")");
			}
		}
	}

	@Override
	public void drain(Duration grace) {
		long until = System.nanoTime() + grace.toNanos();
		while (this.outstanding.get() > 0 && System.nanoTime() < until) {
			Thread.onSpinWait();
			java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	@Override
	public void close() {
		for (MqttAsyncClient client : this.clients.values()) {
			try {
				if (client.isConnected()) {
					client.disconnect(1000).waitForCompletion(2000);
				}
			}
			catch (MqttException ex) {
				// closing anyway
			}
			try {
				client.close();
			}
			catch (MqttException ex) {
				// nothing more to do
			}
		}
	}

}
