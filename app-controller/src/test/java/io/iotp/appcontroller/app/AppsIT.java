package io.iotp.appcontroller.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;

import io.iotp.appcontroller.support.AppControllerTest;
import io.iotp.appcontroller.support.CommonSensorTypes;
import io.iotp.appcontroller.support.EmbeddedStores;
import io.iotp.appcontroller.support.TestZips;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.samples.SampleApps;
import io.iotp.contracts.sensor.FieldType;
import io.iotp.contracts.sensor.SensorField;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.starter.blob.BlobStore;
import io.iotp.starter.security.Caller;
import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@AppControllerTest
class AppsIT {

	@LocalServerPort
	int port;

	@Autowired
	BlobStore blobs;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	AppService apps;

	@Autowired
	Environment environment;

	@Autowired
	TestTokens tokens;

	@TempDir
	Path dir;

	private Api api;

	@BeforeEach
	void api() {
		this.api = new Api(this.port, this.tokens.developer("dev-a"));
	}

	@Test
	void aSensorTypeCreatedAMomentAgoIsAcceptedAtOnceAndAnUnknownOneIsRefusedWithTheKnownTypes() {
		String type = "soil-" + UUID.randomUUID().toString().substring(0, 8);
		String app = "soil-app-" + UUID.randomUUID().toString().substring(0, 8);
		TestZips zip = TestZips.app(app, "1.0.0")
			.with("appConfig.json", """
					{"name": "%s", "version": "1.0.0", "description": "reads soil", "entryService": "web",
					 "sensors": [{"type": "%s", "location": "field", "count": 1, "services": ["worker"]}]}"""
				.formatted(app, type));

		Api.Response unknown = this.api.upload(zip.bytes());

		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(422);
		assertThat(unknown.text()).contains("sensor type '" + type + "' is unknown; known types: ")
			.contains("humidity")
			.contains("temperature");
		assertThat(this.api.get("/api/apps/" + app).status()).isEqualTo(404);

		// sensor-manager announces the type as it creates it; the upload right after
		// knows it
		CommonSensorTypes.announce(this.environment.getProperty("spring.kafka.bootstrap-servers"), new SensorType(type,
				"soil moisture", List.of(new SensorField("moisture", FieldType.NUMBER, "%", 0.0, 100.0))));
		Api.Response known = this.api.upload(zip.bytes());

		assertThat(known.status()).as(known.toString()).isEqualTo(201);
	}

	@Test
	void uploadsTheSampleAppAndStoresItsZip() throws IOException {
		byte[] zip = SampleApps.zip(SampleApps.PYTHON_GREENHOUSE);

		Api.Response response = this.api.upload(zip);

		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.location()).endsWith("/api/apps/greenhouse");
		JsonNode body = response.json();
		assertThat(body.path("id").asString()).isEqualTo("greenhouse");
		assertThat(body.path("name").asString()).isEqualTo("greenhouse");
		assertThat(body.path("version").asString()).isEqualTo("1.0.0");
		assertThat(body.path("status").asString()).isEqualTo("VALIDATED");
		assertThat(body.path("services").valueStream().map((service) -> service.path("name").asString()))
			.containsExactly("dashboard", "monitor");
		assertThat(body.path("services").get(0).path("runtime").asString()).isEqualTo("python");

		JsonNode app = this.api.get("/api/apps/greenhouse").json();
		assertThat(app.path("owner").asString()).isEqualTo("dev-a");
		assertThat(app.path("entryService").asString()).isEqualTo("dashboard");
		assertThat(app.path("latestVersion").asString()).isEqualTo("1.0.0");
		JsonNode version = app.path("versions").get(0);
		assertThat(version.path("status").asString()).isEqualTo("VALIDATED");
		assertThat(version.path("sha256").asString()).isEqualTo(sha256(zip));
		assertThat(version.path("size").asLong()).isEqualTo(zip.length);
		assertThat(version.path("sensors").get(0).path("type").asString()).isEqualTo("temperature");
		try (InputStream stored = this.blobs.open("apps/greenhouse/1.0.0/app.zip").orElseThrow()) {
			assertThat(stored.readAllBytes()).isEqualTo(zip);
		}
		assertThat(this.api.get("/api/apps").json().valueStream().map((listed) -> listed.path("id").asString()))
			.contains("greenhouse");
	}

	@Test
	void rejectsEveryBadPackageWithItsProblemsAndStoresNothing() throws IOException {
		Map<String, byte[]> bad = new LinkedHashMap<>();
		bad.put(ErrorCodes.APP_ZIP_SLIP.code(), TestZips.app(unique(), "1.0.0").with("../evil", "x").bytes());
		bad.put(ErrorCodes.APP_NOT_A_ZIP.code(), "not a zip".getBytes());
		bad.put(ErrorCodes.APP_MALFORMED_DESCRIPTOR.code(),
				TestZips.app(unique(), "1.0.0").with("appConfig.json", "{oops").bytes());
		bad.put(ErrorCodes.APP_UNKNOWN_RUNTIME.code(),
				TestZips.app(unique(), "1.0.0")
					.with("services/web/config.json", "{\"runtime\": \"cobol\", \"command\": [\"run\"]}")
					.bytes());
		bad.put(ErrorCodes.APP_BAD_NAME.code(), TestZips.app("Bad_Name", "1.0.0").bytes());
		bad.put(ErrorCodes.APP_MISSING_DESCRIPTOR.code(),
				TestZips.app(unique(), "1.0.0").with("services/extra/main.py", "pass").bytes());
		bad.put(ErrorCodes.APP_UNKNOWN_SENSOR_TYPE.code(),
				TestZips.app(unique(), "1.0.0")
					.with("appConfig.json",
							"{\"name\": \"sensing\", \"version\": \"1.0.0\", \"sensors\": [{\"type\": \"smell\"}]}")
					.bytes());
		long appsBefore = this.mongo.getCollection(AppDocument.COLLECTION).countDocuments();
		List<Path> blobsBefore = blobFiles();

		bad.forEach((code, zip) -> {
			Api.Response response = this.api.upload(zip);
			assertThat(response.status()).as(code + ": " + response).isEqualTo(422);
			assertThat(response.contentType()).startsWith("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.path("code").asString()).isEqualTo(code);
			assertThat(problem.path("hint").asString()).isNotBlank();
			assertThat(problem.path("errors").isArray()).isTrue();
			assertThat(problem.path("errors").size()).isPositive();
			problem.path("errors").forEach((error) -> {
				assertThat(error.has("path")).isTrue();
				assertThat(error.path("message").asString()).isNotBlank();
			});
		});

		assertThat(this.mongo.getCollection(AppDocument.COLLECTION).countDocuments()).isEqualTo(appsBefore);
		assertThat(blobFiles()).isEqualTo(blobsBefore);
	}

	@Test
	void listsEveryProblemOfOnePackage() {
		Api.Response response = this.api.upload(TestZips.app(unique(), "1.0.0")
			.with("/abs", "x")
			.with("services/web/config.json", "{\"runtime\": \"ruby\", \"command\": [\"ruby\"]}")
			.bytes());

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().path("code").asString()).isEqualTo(ErrorCodes.APP_ZIP_SLIP.code());
		assertThat(response.json().path("errors").valueStream().map((error) -> error.path("path").asString()))
			.containsExactly("/abs", "services/web/config.json#/runtime");
	}

	@Test
	void addsVersionsAndRefusesToReplaceOne() throws IOException {
		String name = unique();
		assertThat(this.api.upload(TestZips.app(name, "1.0.0").bytes()).status()).isEqualTo(201);
		byte[] second = TestZips.app(name, "1.10.0").bytes();
		assertThat(this.api.upload(second).status()).isEqualTo(201);
		assertThat(this.api.upload(TestZips.app(name, "1.2.0").bytes()).status()).isEqualTo(201);

		Api.Response again = this.api.upload(TestZips.app(name, "1.10.0").with("services/web/extra.txt", "x").bytes());

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.json().path("code").asString()).isEqualTo("resource.conflict");
		JsonNode app = this.api.get("/api/apps/" + name).json();
		assertThat(app.path("versions").valueStream().map((version) -> version.path("version").asString()))
			.containsExactly("1.0.0", "1.10.0", "1.2.0");
		assertThat(app.path("latestVersion").asString()).isEqualTo("1.10.0");
		try (InputStream stored = this.blobs.open("apps/" + name + "/1.10.0/app.zip").orElseThrow()) {
			assertThat(stored.readAllBytes()).isEqualTo(second);
		}
	}

	@Test
	void aNameOwnedByAnotherDeveloperIsTaken() throws IOException {
		String name = unique();
		Path zip = Files.write(this.dir.resolve("app.zip"), TestZips.app(name, "1.0.0").bytes());
		this.apps.upload(new Caller("alice", Set.of(Caller.DEVELOPER)), zip);
		Path next = Files.write(this.dir.resolve("next.zip"), TestZips.app(name, "2.0.0").bytes());

		PlatformException taken = catchThrowableOfType(PlatformException.class,
				() -> this.apps.upload(new Caller("bob", Set.of(Caller.DEVELOPER)), next));

		assertThat(taken.errorCode()).isEqualTo(ErrorCodes.APP_NAME_TAKEN);
		assertThat(taken.status()).isEqualTo(409);
		assertThat(this.apps.get(new Caller("alice", Set.of(Caller.DEVELOPER)), name).versions()).hasSize(1);
		assertThat(this.blobs.exists("apps/" + name + "/2.0.0/app.zip")).isFalse();
		// bob cannot see alice's app either
		assertThat(catchThrowableOfType(PlatformException.class,
				() -> this.apps.get(new Caller("bob", Set.of(Caller.DEVELOPER)), name))
			.errorCode()).isEqualTo(ErrorCodes.RESOURCE_NOT_FOUND);
	}

	@Test
	void anUploadWithoutAFilePartIsABadRequest() {
		Api.Response wrongPart = this.api.upload("/api/apps", "zip", TestZips.app(unique(), "1.0.0").bytes());
		Api.Response notMultipart = this.api.postJson("/api/apps", "{\"name\": \"x\"}");
		Api.Response brokenMultipart = this.api.post("/api/apps", "multipart/form-data; boundary=abc",
				"--abc\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno closing boundary".getBytes());

		assertThat(wrongPart.status()).isEqualTo(400);
		assertThat(wrongPart.json().path("code").asString()).isEqualTo("request.malformed");
		assertThat(notMultipart.status()).isEqualTo(400);
		assertThat(notMultipart.contentType()).startsWith("application/problem+json");
		assertThat(notMultipart.json().path("detail").asString()).contains("part 'file'");
		assertThat(brokenMultipart.status()).as(brokenMultipart.toString()).isEqualTo(400);
		assertThat(brokenMultipart.json().path("code").asString()).isEqualTo("request.malformed");
	}

	@Test
	void deletesAnAppWithEveryZip() {
		String name = unique();
		this.api.upload(TestZips.app(name, "1.0.0").bytes());
		this.api.upload(TestZips.app(name, "2.0.0").bytes());
		assertThat(this.blobs.exists("apps/" + name + "/2.0.0/app.zip")).isTrue();

		assertThat(this.api.delete("/api/apps/" + name).status()).isEqualTo(204);

		assertThat(this.api.get("/api/apps/" + name).status()).isEqualTo(404);
		assertThat(this.blobs.exists("apps/" + name + "/1.0.0/app.zip")).isFalse();
		assertThat(this.blobs.exists("apps/" + name + "/2.0.0/app.zip")).isFalse();
		assertThat(this.api.delete("/api/apps/" + name).status()).isEqualTo(404);
	}

	@Test
	void anUnknownAppIsANotFoundProblem() {
		Api.Response response = this.api.get("/api/apps/no-such-app");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo("resource.not-found");
	}

	private List<Path> blobFiles() throws IOException {
		Path root = Path.of(this.environment.getRequiredProperty(EmbeddedStores.BLOB_DIR));
		if (!Files.exists(root)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile).sorted().toList();
		}
	}

	private static String unique() {
		return "app-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
