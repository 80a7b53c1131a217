package io.iotp.sensormanager.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.sensor.SensorCommand;
import io.iotp.sensormanager.mqtt.MqttServer;
import io.iotp.sensormanager.support.Fixtures;
import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import io.iotp.testsupport.KafkaProbe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Commands from the owner to devices: over MQTT (pushed, PUBACK = DELIVERED, ack topic =
 * ACKED), over HTTP polling, to devices that connect later, and expiry.
 */
@SensorManagerTest
class CommandsIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	MqttServer mqtt;

	private Api owner;

	@BeforeEach
	void owner() {
		this.owner = new Api(this.port).as(this.tokens.developer("dev-" + UUID.randomUUID()));
	}

	@Test
	void aCommandRoundTripOverMqtt() throws Exception {
		Fixtures.Registered sensor = Fixtures.sensor(this.owner, "vent");
		List<JsonNode> received = new CopyOnWriteArrayList<>();
		Mqtt5AsyncClient device = connect(sensor);
		try {
			Mqtt5SubAck subAck = device.subscribeWith()
				.topicFilter("sensors/" + sensor.id() + "/commands")
				.qos(MqttQos.AT_LEAST_ONCE)
				.callback((publish) -> received.add(JSON.readTree(publish.getPayloadAsBytes())))
				.send()
				.get(10, TimeUnit.SECONDS);
			assertThat(subAck.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
			assertThatThrownBy(() -> device.subscribeWith()
				.topicFilter("sensors/someone-else/commands")
				.send()
				.get(10, TimeUnit.SECONDS)).cause()
				.isInstanceOf(Mqtt5SubAckException.class)
				.satisfies((ex) -> assertThat(((Mqtt5SubAckException) ex).getMqttMessage().getReasonCodes())
					.containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));

			Api.Response issued = this.owner.postJson("/api/sensors/" + sensor.id() + "/commands",
					"{\"name\": \"open-vent\", \"args\": {\"percent\": 40}}");
			assertThat(issued.status()).as(issued.toString()).isEqualTo(202);
			assertThat(issued.json().path("status").asString()).isEqualTo("PENDING");
			String id = issued.json().path("id").asString();

			await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
			assertThat(received.get(0).path("id").asString()).isEqualTo(id);
			assertThat(received.get(0).path("name").asString()).isEqualTo("open-vent");
			assertThat(received.get(0).path("args").path("percent").asInt()).isEqualTo(40);
			await().atMost(Duration.ofSeconds(10)).until(() -> status(sensor, id).equals("DELIVERED"));

			device.publishWith()
				.topic("sensors/" + sensor.id() + "/commands/" + id + "/ack")
				.qos(MqttQos.AT_LEAST_ONCE)
				.payload("{\"result\": \"opened\"}".getBytes(StandardCharsets.UTF_8))
				.send()
				.get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> status(sensor, id).equals("ACKED"));
			JsonNode command = this.owner.get("/api/sensors/" + sensor.id() + "/commands/" + id).json();
			assertThat(command.path("result").asString()).isEqualTo("opened");
			assertThat(command.path("deliveredAt").isMissingNode()).isFalse();
			assertThat(received).hasSize(1);
		}
		finally {
			device.disconnect().get(5, TimeUnit.SECONDS);
		}

		try (KafkaProbe probe = new KafkaProbe(this.kafka.getBrokersAsString(), TopicNames.SENSOR_COMMANDS)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> !probe.keyed(sensor.id()).isEmpty());
			SensorCommand published = (SensorCommand) probe.keyed(sensor.id()).get(0);
			assertThat(published.name()).isEqualTo("open-vent");
			assertThat(published.args()).containsEntry("percent", 40);
		}
	}

	@Test
	void aCommandForADeviceThatConnectsLaterIsDeliveredOnItsSubscription() throws Exception {
		Fixtures.Registered sensor = Fixtures.sensor(this.owner, "vent");
		String id = this.owner.postJson("/api/sensors/" + sensor.id() + "/commands", "{\"name\": \"reboot\"}")
			.json()
			.path("id")
			.asString();
		List<JsonNode> received = new CopyOnWriteArrayList<>();
		Mqtt5AsyncClient device = connect(sensor);
		try {
			device.subscribeWith()
				.topicFilter("sensors/" + sensor.id() + "/commands")
				.qos(MqttQos.AT_LEAST_ONCE)
				.callback((publish) -> received.add(JSON.readTree(publish.getPayloadAsBytes())))
				.send()
				.get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
			assertThat(received.get(0).path("id").asString()).isEqualTo(id);
			await().atMost(Duration.ofSeconds(10)).until(() -> status(sensor, id).equals("DELIVERED"));
		}
		finally {
			device.disconnect().get(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void aCommandRoundTripOverHttpPolling() {
		Fixtures.Registered sensor = Fixtures.sensor(this.owner, "pump");
		Fixtures.Registered other = Fixtures.sensor(this.owner, "pump");
		Api device = new Api(this.port).key(sensor.key());
		String pending = "/api/sensors/" + sensor.id() + "/commands/pending";
		assertThat(device.get(pending).json().size()).isZero();

		String id = this.owner
			.postJson("/api/sensors/" + sensor.id() + "/commands",
					"{\"name\": \"set-interval\", \"args\": {\"seconds\": 30}, \"ttlSeconds\": 600}")
			.json()
			.path("id")
			.asString();
		assertThat(status(sensor, id)).isEqualTo("PENDING");

		assertThat(new Api(this.port).get(pending).status()).isEqualTo(401);
		assertThat(new Api(this.port).key(other.key()).get(pending).status()).isEqualTo(401);
		assertThat(new Api(this.port).as(this.tokens.developer("x")).get(pending).status()).isEqualTo(401);

		JsonNode polled = device.get(pending).json();
		assertThat(polled.findValuesAsString("id")).containsExactly(id);
		assertThat(polled.get(0).path("args").path("seconds").asInt()).isEqualTo(30);
		assertThat(status(sensor, id)).isEqualTo("DELIVERED");

		String ack = "/api/sensors/" + sensor.id() + "/commands/" + id + "/ack";
		assertThat(new Api(this.port).key(other.key()).postJson(ack, "{}").status()).isEqualTo(401);
		Api.Response acked = device.postJson(ack, "{\"result\": {\"interval\": 30}}");
		assertThat(acked.status()).as(acked.toString()).isEqualTo(200);
		assertThat(acked.json().path("status").asString()).isEqualTo("ACKED");
		assertThat(device.postJson(ack, "").status()).isEqualTo(200);
		assertThat(device.get(pending).json().size()).isZero();
		assertThat(device.postJson("/api/sensors/" + sensor.id() + "/commands/c-nothing/ack", "").status())
			.isEqualTo(404);
	}

	@Test
	void unacknowledgedCommandsExpire() {
		Fixtures.Registered sensor = Fixtures.sensor(this.owner, "door");
		String id = this.owner
			.postJson("/api/sensors/" + sensor.id() + "/commands", "{\"name\": \"lock\", \"ttlSeconds\": 1}")
			.json()
			.path("id")
			.asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> status(sensor, id).equals("EXPIRED"));
		Api device = new Api(this.port).key(sensor.key());
		assertThat(device.get("/api/sensors/" + sensor.id() + "/commands/pending").json().size()).isZero();
		Api.Response late = device.postJson("/api/sensors/" + sensor.id() + "/commands/" + id + "/ack", "");
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.json().path("detail").asString()).contains("EXPIRED");
	}

	@Test
	void invalidCommandsAndOtherDevelopersSensorsAreRefused() {
		Fixtures.Registered sensor = Fixtures.sensor(this.owner, "door");
		String commands = "/api/sensors/" + sensor.id() + "/commands";
		Api.Response nameless = this.owner.postJson(commands, "{\"args\": {}}");
		assertThat(nameless.status()).isEqualTo(400);
		assertThat(nameless.json().path("errors").findValuesAsString("path")).contains("/name");
		assertThat(this.owner.postJson(commands, "{\"name\": \"x\", \"ttlSeconds\": 0}").status()).isEqualTo(400);
		assertThat(this.owner.postJson(commands, "{\"name\": \"x\", \"args\": {\"$set\": 1}}").status()).isEqualTo(400);
		Api stranger = new Api(this.port).as(this.tokens.developer("stranger-" + UUID.randomUUID()));
		assertThat(stranger.postJson(commands, "{\"name\": \"x\"}").status()).isEqualTo(404);
		assertThat(new Api(this.port).postJson(commands, "{\"name\": \"x\"}").status()).isEqualTo(401);
	}

	private String status(Fixtures.Registered sensor, String commandId) {
		return this.owner.get("/api/sensors/" + sensor.id() + "/commands/" + commandId)
			.json()
			.path("status")
			.asString();
	}

	private Mqtt5AsyncClient connect(Fixtures.Registered sensor) throws Exception {
		Mqtt5AsyncClient client = Mqtt5Client.builder()
			.identifier("dev-" + UUID.randomUUID())
			.serverHost("127.0.0.1")
			.serverPort(this.mqtt.port())
			.buildAsync();
		client.connectWith()
			.simpleAuth()
			.username(sensor.id())
			.password(sensor.key().getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.send()
			.get(10, TimeUnit.SECONDS);
		return client;
	}

}
