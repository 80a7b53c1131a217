package io.iotp.sensormanager.registry;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.iotp.sensormanager.support.SensorManagerTest;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sensor types and sensors over real HTTP with real tokens: CRUD, validation, ownership,
 * keys.
 */
@SensorManagerTest
class RegistryIT {

	@LocalServerPort
	int port;

	@Autowired
	TestTokens tokens;

	@Autowired
	MongoTemplate mongo;

	private Api alice;

	private Api bob;

	private Api admin;

	private String suffix;

	@BeforeEach
	void callers() {
		this.suffix = UUID.randomUUID().toString().substring(0, 6);
		Api api = new Api(this.port);
		this.alice = api.as(this.tokens.developer("alice-" + this.suffix));
		this.bob = api.as(this.tokens.developer("bob-" + this.suffix));
		this.admin = api.as(this.tokens.admin("root-" + this.suffix));
	}

	/**
	 * What sensor-manager announces on {@code sensor-types} reaches app-controller:
	 * {@code SensorsIT} shows it through the gateway (a type created, then an upload
	 * asking for it accepted at once; deleted, then refused).
	 */
	@Test
	void theCommonTypesArePresentOwnedByThePlatformAndOnlyAnAdminMayDeleteOne() {
		JsonNode common = this.bob.get("/api/sensor-types").json();
		assertThat(common.findValuesAsString("name")).contains("temperature", "humidity", "pressure", "light", "motion",
				"co2");
		JsonNode temperature = this.bob.get("/api/sensor-types/temperature").json();
		assertThat(temperature.path("owner").asString()).isEqualTo("platform");
		assertThat(temperature.path("fields").get(0).path("name").asString()).isEqualTo("temperature");
		assertThat(temperature.path("fields").get(0).path("unit").asString()).isEqualTo("°C");
		assertThat(this.bob.delete("/api/sensor-types/motion").status()).isEqualTo(403);
		assertThat(this.bob.get("/api/sensor-types/motion").status()).isEqualTo(200);
	}

	@Test
	void aTypeGainsAnOptionalFieldItsSensorsSendAtOnceAndAChangeThatWouldRefuseValidReadingsIsRefused() {
		String name = "vine-" + this.suffix;
		assertThat(this.alice
			.postJson("/api/sensor-types",
					"""
							{"name": "%s", "fields": [{"name": "sap", "type": "number", "min": 0, "max": 10}]}"""
						.formatted(name))
			.status()).isEqualTo(201);
		Api.Response sensor = this.alice.postJson("/api/sensors",
				"{\"type\": \"" + name + "\", \"location\": \"row-" + this.suffix + "\"}");
		assertThat(sensor.status()).as(sensor.toString()).isEqualTo(201);
		String data = "/api/sensors/" + sensor.json().path("id").asString() + "/data";
		Api device = new Api(this.port).key(sensor.json().path("apiKey").asString());
		assertThat(device.postJson(data, "{\"values\": {\"sap\": 3}}").status()).isEqualTo(202);
		assertThat(device.postJson(data, "{\"values\": {\"sap\": 3, \"leaf\": true}}").status()).isEqualTo(422);

		Api.Response gained = this.alice.putJson("/api/sensor-types/" + name, """
				{"description": "grapevine", "fields": [{"name": "sap", "type": "number", "min": -5, "max": 20},
				  {"name": "leaf", "type": "boolean"}]}""");

		assertThat(gained.status()).as(gained.toString()).isEqualTo(200);
		assertThat(gained.json().path("fields").size()).isEqualTo(2);
		// the sensor's remembered type is replaced at once, not after the key cache's TTL
		assertThat(device.postJson(data, "{\"values\": {\"sap\": 3, \"leaf\": true}}").status()).isEqualTo(202);
		assertThat(device.postJson(data, "{\"values\": {\"sap\": 3}}").status()).isEqualTo(202);

		Api.Response removing = this.alice.putJson("/api/sensor-types/" + name, """
				{"fields": [{"name": "leaf", "type": "boolean"}]}""");
		assertThat(removing.status()).as(removing.toString()).isEqualTo(409);
		assertThat(removing.text()).contains("sensor.type-change-breaks").contains("field 'sap' would be removed");
		Api.Response narrowing = this.alice.putJson("/api/sensor-types/" + name,
				"""
						{"fields": [{"name": "sap", "type": "integer", "min": -5, "max": 20}, {"name": "leaf", "type": "boolean"},
						  {"name": "x", "type": "string"}]}""");
		assertThat(narrowing.status()).isEqualTo(409);
		assertThat(narrowing.text()).contains("field 'sap' would change from number to integer");
		Api.Response lowered = this.alice.putJson("/api/sensor-types/" + name,
				"""
						{"fields": [{"name": "sap", "type": "number", "min": -5, "max": 15}, {"name": "leaf", "type": "boolean"}]}""");
		assertThat(lowered.status()).isEqualTo(409);
		assertThat(lowered.text()).contains("field 'sap' would lower its maximum to 15.0");
		assertThat(this.bob
			.putJson("/api/sensor-types/" + name, "{\"fields\": [{\"name\": \"sap\", \"type\": \"number\"}]}")
			.status()).isEqualTo(403);
		Api.Response renaming = this.alice.putJson("/api/sensor-types/" + name,
				"{\"name\": \"other-" + this.suffix + "\", \"fields\": [{\"name\": \"sap\", \"type\": \"number\"}]}");
		assertThat(renaming.status()).isEqualTo(400);
		assertThat(this.alice.putJson("/api/sensor-types/nosuch-" + this.suffix, "{\"fields\": []}").status())
			.isEqualTo(404);
		assertThat(this.alice.putJson("/api/sensor-types/" + name, "{\"fields\": []}").status()).isEqualTo(400);

		// nothing refused changed it
		JsonNode type = this.bob.get("/api/sensor-types/" + name).json();
		assertThat(type.path("description").asString()).isEqualTo("grapevine");
		assertThat(type.path("fields").findValuesAsString("name")).containsExactly("sap", "leaf");
		assertThat(type.path("fields").get(0).path("max").asDouble()).isEqualTo(20.0);
	}

	@Test
	void sensorTypesAreCreatedListedSharedAndDeletedWhenUnused() {
		String name = "soil-" + this.suffix;
		Api.Response created = this.alice.postJson("/api/sensor-types", """
				{"name": "%s", "fields": [{"name": "moisture", "type": "number", "unit": "%%", "min": 0, "max": 100},
				  {"name": "ok", "type": "boolean"}]}""".formatted(name));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("fields").get(0).path("type").asString()).isEqualTo("number");

		assertThat(this.bob.get("/api/sensor-types/" + name).json().path("fields").size()).isEqualTo(2);
		assertThat(this.bob.get("/api/sensor-types").json().findValuesAsString("name")).contains(name);
		assertThat(this.bob
			.postJson("/api/sensor-types",
					"{\"name\": \"" + name + "\", \"fields\": [{\"name\": \"x\", \"type\": \"string\"}]}")
			.status()).isEqualTo(409);

		// in use: 409 until its sensor is gone
		Api.Response sensor = this.alice.postJson("/api/sensors",
				"{\"type\": \"" + name + "\", \"location\": \"bed-1\"}");
		assertThat(sensor.status()).isEqualTo(201);
		Api.Response inUse = this.alice.delete("/api/sensor-types/" + name);
		assertThat(inUse.status()).isEqualTo(409);
		assertThat(inUse.json().path("code").asString()).isEqualTo("sensor.type-in-use");
		assertThat(this.bob.delete("/api/sensor-types/" + name).status()).isEqualTo(403);
		assertThat(this.alice.delete("/api/sensors/" + sensor.json().path("id").asString()).status()).isEqualTo(204);
		assertThat(this.alice.delete("/api/sensor-types/" + name).status()).isEqualTo(204);
		assertThat(this.alice.get("/api/sensor-types/" + name).status()).isEqualTo(404);
	}

	@Test
	void invalidSensorTypesListEveryProblem() {
		Api.Response response = this.alice.postJson("/api/sensor-types",
				"""
						{"name": "Bad Name", "fields": [{"name": "a", "type": "float"}, {"name": "a", "type": "string", "min": 1},
						  {"name": "b", "type": "number", "min": 5, "max": 1}]}""");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("code").asString()).isEqualTo("request.validation");
		assertThat(response.json().path("errors").findValuesAsString("path")).contains("/name", "/fields/0/type",
				"/fields/1/name", "/fields/1", "/fields/2");
		assertThat(this.alice.postJson("/api/sensor-types", "{\"name\": \"empty-" + this.suffix + "\"}").status())
			.isEqualTo(400);
		assertThat(this.alice.postJson("/api/sensor-types", "{not json").status()).isEqualTo(400);
	}

	@Test
	void sensorsAreRegisteredWithAKeyShownOnceAndStoredAsAHash() {
		climate(this.alice);
		String id = "green-" + this.suffix;
		Api.Response created = this.alice.postJson("/api/sensors", """
				{"id": "%s", "type": "climate", "location": "greenhouse-%s", "metadata": {"floor": 2}}""".formatted(id,
				this.suffix));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String key = created.json().path("apiKey").asString();
		assertThat(key).hasSize(43);
		assertThat(created.json().path("owner").asString()).isEqualTo("alice-" + this.suffix);

		JsonNode fetched = this.alice.get("/api/sensors/" + id).json();
		assertThat(fetched.has("apiKey")).isFalse();
		assertThat(fetched.path("metadata").path("floor").asInt()).isEqualTo(2);
		Sensor stored = this.mongo.findById(id, Sensor.class);
		assertThat(stored).isNotNull();
		assertThat(stored.keyHash()).isEqualTo(SensorKeys.hash(key)).doesNotContain(key);

		assertThat(this.alice
			.postJson("/api/sensors", "{\"id\": \"" + id + "\", \"type\": \"climate\", \"location\": \"x\"}")
			.status()).isEqualTo(409);
		Api.Response unknownType = this.alice.postJson("/api/sensors", "{\"type\": \"nope\", \"location\": \"x\"}");
		assertThat(unknownType.status()).isEqualTo(422);
		assertThat(unknownType.json().path("code").asString()).isEqualTo("sensor.unknown-type");
		Api.Response invalid = this.alice.postJson("/api/sensors",
				"{\"id\": \"A!\", \"location\": \"\", \"metadata\": {\"a.b\": 1, \"c\": {\"$d\": 2}}}");
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().path("errors").findValuesAsString("path")).contains("/id", "/type", "/location",
				"/metadata/a.b", "/metadata/c/$d");

		// rotation: a new key, the old one refused at once
		Api device = new Api(this.port);
		String reading = "{\"values\": {\"temperature\": 20}}";
		assertThat(device.key(key).postJson("/api/sensors/" + id + "/data", reading).status()).isEqualTo(202);
		String newKey = this.alice.postJson("/api/sensors/" + id + "/key", "").json().path("apiKey").asString();
		assertThat(newKey).isNotEqualTo(key);
		assertThat(device.key(key).postJson("/api/sensors/" + id + "/data", reading).status()).isEqualTo(401);
		assertThat(device.key(newKey).postJson("/api/sensors/" + id + "/data", reading).status()).isEqualTo(202);
	}

	@Test
	void developersSeeAndChangeOnlyTheirOwnSensorsAdminsAll() {
		climate(this.alice);
		String location = "loc-" + this.suffix;
		String mine = this.alice.postJson("/api/sensors", "{\"type\": \"climate\", \"location\": \"" + location + "\"}")
			.json()
			.path("id")
			.asString();
		assertThat(mine).startsWith("s-");

		assertThat(this.bob.get("/api/sensors/" + mine).status()).isEqualTo(404);
		assertThat(this.bob.putJson("/api/sensors/" + mine, "{\"type\": \"climate\", \"location\": \"x\"}").status())
			.isEqualTo(404);
		assertThat(this.bob.delete("/api/sensors/" + mine).status()).isEqualTo(404);
		assertThat(this.bob.postJson("/api/sensors/" + mine + "/key", "").status()).isEqualTo(404);
		assertThat(this.bob.get("/api/sensors").json().findValuesAsString("id")).doesNotContain(mine);
		assertThat(new Api(this.port).get("/api/sensors").status()).isEqualTo(401);

		assertThat(this.alice.get("/api/sensors?type=climate&location=" + location).json().findValuesAsString("id"))
			.containsExactly(mine);
		assertThat(this.alice.get("/api/sensors?location=elsewhere-" + this.suffix).json().size()).isZero();
		assertThat(this.admin.get("/api/sensors?location=" + location).json().findValuesAsString("id"))
			.containsExactly(mine);

		Api.Response updated = this.alice.putJson("/api/sensors/" + mine,
				"{\"type\": \"climate\", \"location\": \"moved-" + this.suffix + "\", \"metadata\": {\"a\": \"b\"}}");
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("location").asString()).isEqualTo("moved-" + this.suffix);
		assertThat(this.admin.delete("/api/sensors/" + mine).status()).isEqualTo(204);
		assertThat(this.alice.get("/api/sensors/" + mine).status()).isEqualTo(404);
	}

	private static void climate(Api developer) {
		io.iotp.sensormanager.support.Fixtures.climateType(developer);
	}

}
