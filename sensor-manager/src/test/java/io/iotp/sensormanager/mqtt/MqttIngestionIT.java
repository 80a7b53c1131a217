package io.iotp.sensormanager.mqtt;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.sensor.SensorReading;
import io.iotp.sensormanager.support.Fixtures;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import io.iotp.testsupport.KafkaProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Devices publishing over MQTT 3.1.1 (Eclipse Paho) and MQTT 5 (HiveMQ client) to the
 * embedded server: every QoS 1 reading PUBACKed is in Kafka; bad credentials, foreign
 * topics and invalid readings are refused and nothing of them is forwarded.
 */
@SensorManagerTest
class MqttIngestionIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	MqttServer mqtt;

	@Autowired
	MeterRegistry meters;

	@Test
	void aConnectionWhoseFirstPacketIsNotConnectIsClosedAtOnce() throws Exception {
		byte[] topic = "sensors/s-1/data".getBytes(StandardCharsets.UTF_8);
		byte[] payload = "{\"values\": {\"count\": 1}}".getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream publish = new ByteArrayOutputStream();
		publish.write(0x30); // PUBLISH, QoS 0
		publish.write(2 + topic.length + payload.length);
		publish.write(topic.length >> 8);
		publish.write(topic.length & 0xFF);
		publish.write(topic);
		publish.write(payload);
		try (Socket socket = new Socket("127.0.0.1", this.mqtt.port())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write(publish.toByteArray());
			socket.getOutputStream().flush();
			// MQTT 3.1.1 and 5.0 §3.1: the server closes the connection, answering
			// nothing
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void mqtt311QosOneReadingsAreAllInKafka() throws Exception {
		Fixtures.Registered sensor = Fixtures.sensor(developer(), "mqtt-3");
		MqttAsyncClient client = paho(sensor.id(), sensor.key());
		try {
			List<IMqttDeliveryToken> sent = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				sent.add(client.publish("sensors/" + sensor.id() + "/data",
						("{\"values\": {\"count\": " + i + "}}").getBytes(StandardCharsets.UTF_8), 1, false));
			}
			for (IMqttDeliveryToken token : sent) {
				token.waitForCompletion(30_000);
			}
		}
		finally {
			client.disconnect().waitForCompletion(5_000);
			client.close();
		}
		assertThat(countsInKafka(sensor.id(), 1000)).hasSize(1000);
	}

	@Test
	void mqtt5QosOneReadingsAreAllInKafka() throws Exception {
		Fixtures.Registered sensor = Fixtures.sensor(developer(), "mqtt-5");
		Mqtt5AsyncClient client = hivemq(sensor.id(), sensor.key());
		try {
			List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				sent.add(client.publishWith()
					.topic("sensors/" + sensor.id() + "/data")
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload(("[{\"values\": {\"count\": " + i + "}}]").getBytes(StandardCharsets.UTF_8))
					.send());
			}
			for (CompletableFuture<Mqtt5PublishResult> result : sent) {
				assertThat(reasonOf(result)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
			}
		}
		finally {
			client.disconnect().get(5, TimeUnit.SECONDS);
		}
		assertThat(countsInKafka(sensor.id(), 1000)).hasSize(1000);
	}

	@Test
	void badCredentialsAreRefused() throws Exception {
		Fixtures.Registered sensor = Fixtures.sensor(developer(), "mqtt-auth");
		assertThatThrownBy(() -> paho(sensor.id(), "wrong-key")).isInstanceOf(MqttException.class)
			.satisfies((ex) -> assertThat(((MqttException) ex).getReasonCode())
				.isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
		assertThatThrownBy(() -> paho("no-such-sensor", sensor.key())).isInstanceOf(MqttException.class);
		assertThatThrownBy(() -> hivemq(sensor.id(), "wrong-key")).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(Mqtt5ConnAckException.class)
			.satisfies((ex) -> assertThat(((Mqtt5ConnAckException) ex).getMqttMessage().getReasonCode())
				.isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
	}

	@Test
	void aDeviceMayPublishOnlyValidReadingsAndOnlyToItsOwnTopic() throws Exception {
		Api owner = developer();
		Fixtures.Registered sensor = Fixtures.sensor(owner, "mqtt-bad");
		Fixtures.Registered other = Fixtures.sensor(owner, "mqtt-bad");
		double rejectedBefore = rejected();

		// MQTT 5: a negative PUBACK says why
		Mqtt5AsyncClient client = hivemq(sensor.id(), sensor.key());
		try {
			assertThat(reasonOf(client.publishWith()
				.topic("sensors/" + other.id() + "/data")
				.qos(MqttQos.AT_LEAST_ONCE)
				.payload("{\"values\": {\"count\": 1}}".getBytes(StandardCharsets.UTF_8))
				.send())).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
			for (String invalid : List.of("{\"values\": {\"temperature\": 500}}", "{\"values\": {\"nope\": 1}}",
					"not json", "{\"values\": {}}")) {
				assertThat(reasonOf(client.publishWith()
					.topic("sensors/" + sensor.id() + "/data")
					.qos(MqttQos.AT_LEAST_ONCE)
					.payload(invalid.getBytes(StandardCharsets.UTF_8))
					.send())).as(invalid).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
			}
			assertThat(reasonOf(client.publishWith()
				.topic("sensors/" + sensor.id() + "/data")
				.qos(MqttQos.AT_LEAST_ONCE)
				.payload("{\"values\": {\"status\": \"sentinel\"}}".getBytes(StandardCharsets.UTF_8))
				.send())).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
		}
		finally {
			client.disconnect().get(5, TimeUnit.SECONDS);
		}
		assertThat(rejected() - rejectedBefore).isEqualTo(5);

		// MQTT 3.1.1 has no negative PUBACK: the connection is closed
		MqttAsyncClient paho = paho(sensor.id(), sensor.key());
		try {
			paho.publish("sensors/" + other.id() + "/data",
					"{\"values\": {\"count\": 2}}".getBytes(StandardCharsets.UTF_8), 1, false);
			await().atMost(Duration.ofSeconds(10)).until(() -> !paho.isConnected());
		}
		finally {
			paho.close(true);
		}

		try (KafkaProbe probe = new KafkaProbe(this.kafka.getBrokersAsString(), TopicNames.SENSOR_DATA)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> !probe.keyed(sensor.id()).isEmpty());
			assertThat(probe.keyed(sensor.id())).hasSize(1);
			assertThat(((SensorReading) probe.keyed(sensor.id()).get(0)).values()).containsEntry("status", "sentinel");
			assertThat(probe.keyed(other.id())).isEmpty();
		}
	}

	@Test
	void qosZeroReadingsArriveAndARotatedKeyEndsTheConnection() throws Exception {
		Api owner = developer();
		Fixtures.Registered sensor = Fixtures.sensor(owner, "mqtt-qos0");
		MqttAsyncClient client = paho(sensor.id(), sensor.key());
		try {
			for (int i = 0; i < 10; i++) {
				client.publish("sensors/" + sensor.id() + "/data",
						("{\"values\": {\"count\": " + i + "}}").getBytes(StandardCharsets.UTF_8), 0, false);
			}
			assertThat(countsInKafka(sensor.id(), 10)).hasSize(10);

			assertThat(owner.postJson("/api/sensors/" + sensor.id() + "/key", "").status()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
			assertThatThrownBy(() -> paho(sensor.id(), sensor.key())).isInstanceOf(MqttException.class);
		}
		finally {
			client.close(true);
		}
	}

	private double rejected() {
		return this.meters.find("iotp.sensors.readings.rejected")
			.tag("transport", "mqtt")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private Set<Object> countsInKafka(String sensorId, int expected) {
		try (KafkaProbe probe = new KafkaProbe(this.kafka.getBrokersAsString(), TopicNames.SENSOR_DATA)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> probe.keyed(sensorId).size() >= expected);
			List<Message> messages = probe.keyed(sensorId);
			assertThat(messages).hasSize(expected);
			Set<Object> counts = new HashSet<>();
			Set<String> ids = new HashSet<>();
			for (Message message : messages) {
				counts.add(((SensorReading) message).values().get("count"));
				ids.add(((SensorReading) message).id());
			}
			assertThat(ids).hasSize(expected);
			return counts;
		}
	}

	private Api developer() {
		return new Api(this.port).as(this.tokens.developer("dev-" + UUID.randomUUID()));
	}

	private MqttAsyncClient paho(String username, String password) throws MqttException {
		MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + this.mqtt.port(), "paho-" + UUID.randomUUID(),
				new MemoryPersistence());
		MqttConnectOptions options = new MqttConnectOptions();
		options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
		options.setUserName(username);
		options.setPassword(password.toCharArray());
		options.setMaxInflight(1000);
		options.setAutomaticReconnect(false);
		try {
			client.connect(options).waitForCompletion(10_000);
		}
		catch (MqttException ex) {
			client.close(true);
			throw ex;
		}
		return client;
	}

	private Mqtt5AsyncClient hivemq(String username, String password) throws Exception {
		Mqtt5AsyncClient client = Mqtt5Client.builder()
			.identifier("hive-" + UUID.randomUUID())
			.serverHost("127.0.0.1")
			.serverPort(this.mqtt.port())
			.buildAsync();
		client.connectWith()
			.simpleAuth()
			.username(username)
			.password(password.getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.send()
			.get(10, TimeUnit.SECONDS);
		return client;
	}

	static Mqtt5PubAckReasonCode reasonOf(CompletableFuture<Mqtt5PublishResult> sent) throws Exception {
		Mqtt5PublishResult result;
		try {
			result = sent.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Mqtt5PubAckException pubAck) {
				return pubAck.getMqttMessage().getReasonCode();
			}
			throw ex;
		}
		if (result.getError().isPresent() && result.getError().get() instanceof Mqtt5PubAckException pubAck) {
			return pubAck.getMqttMessage().getReasonCode();
		}
		return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
	}

}
