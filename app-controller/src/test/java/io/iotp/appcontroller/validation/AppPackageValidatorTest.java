package io.iotp.appcontroller.validation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import io.iotp.appcontroller.support.TestZips;
import io.iotp.contracts.app.AppAccess;
import io.iotp.contracts.app.InstanceBounds;
import io.iotp.contracts.app.Resources;
import io.iotp.contracts.app.RuntimeKind;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.samples.SampleApps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AppPackageValidatorTest {

	private static final SensorTypeCatalog SENSOR_TYPES = () -> Set.of("temperature", "humidity");

	@TempDir
	Path dir;

	private final ContractSchemas schemas = new ContractSchemas();

	private final AppPackageValidator validator = new AppPackageValidator(ValidationProperties.defaults(), this.schemas,
			SENSOR_TYPES);

	@Test
	void acceptsThePythonSample() throws IOException {
		ValidatedPackage validated = validate(SampleApps.zip(SampleApps.PYTHON_GREENHOUSE));

		assertThat(validated.name()).isEqualTo("greenhouse");
		assertThat(validated.version()).isEqualTo("1.0.0");
		assertThat(validated.entryService()).isEqualTo("dashboard");
		assertThat(validated.access()).isEqualTo(AppAccess.PUBLIC);
		assertThat(validated.services()).extracting(ServiceSpec::name).containsExactly("dashboard", "monitor");
		ServiceSpec monitor = validated.services().get(1);
		assertThat(monitor.runtime()).isEqualTo(RuntimeKind.PYTHON);
		assertThat(monitor.command()).containsExactly("python3", "main.py");
		assertThat(monitor.http()).isFalse();
		assertThat(monitor.resources()).isEqualTo(new Resources(0.1, 64));
		assertThat(monitor.sensorDelivery()).isEqualTo(SensorDelivery.NONE);
		assertThat(validated.sensors()).singleElement()
			.satisfies((sensor) -> assertThat(sensor.services()).containsExactly("dashboard", "monitor"));
	}

	@Test
	void acceptsTheJavaSample() throws IOException {
		ValidatedPackage validated = validate(SampleApps.zip(SampleApps.JAVA_HELLO));

		assertThat(validated.name()).isEqualTo("hello-java");
		assertThat(validated.services()).singleElement().satisfies((web) -> {
			assertThat(web.runtime()).isEqualTo(RuntimeKind.JAVA);
			assertThat(web.instances()).isEqualTo(new InstanceBounds(1, 2));
			assertThat(web.healthPath()).isEqualTo("/health");
		});
	}

	@Test
	void appliesDefaults() throws IOException {
		ValidatedPackage validated = validate(TestZips.app("defaults", "0.1.0-rc.1+build.7")
			.with("services/web/config.json", "{\"runtime\": \"java\"}")
			.bytes());

		ServiceSpec web = validated.services().getFirst();
		assertThat(web.command()).containsExactly("java", "-jar", "app.jar");
		assertThat(web.http()).isTrue();
		assertThat(web.resources()).isEqualTo(Resources.DEFAULT);
		assertThat(web.instances()).isEqualTo(InstanceBounds.DEFAULT);
		assertThat(web.env()).isEmpty();
		assertThat(validated.services().get(1).env()).containsEntry("MODE", "test");
	}

	@Test
	void rejectsZipSlip() {
		assertRejected(TestZips.app("slip", "1.0.0").with("../evil.sh", "rm -rf /").bytes(), ErrorCodes.APP_ZIP_SLIP,
				new FieldError("../evil.sh", "escapes the archive through '..'; entries must stay inside it"));
	}

	@Test
	void rejectsZipSlipInsideAServiceFolder() {
		assertRejected(TestZips.app("slip", "1.0.0").with("services/web/../../../x", "x").bytes(),
				ErrorCodes.APP_ZIP_SLIP, new FieldError("services/web/../../../x",
						"escapes the archive through '..'; entries must stay inside it"));
	}

	@Test
	void rejectsAbsolutePaths() {
		assertRejected(TestZips.app("absolute", "1.0.0").with("/etc/cron.d/evil", "* * * * * root sh").bytes(),
				ErrorCodes.APP_ZIP_SLIP, new FieldError("/etc/cron.d/evil",
						"is an absolute path; entries must be relative to the archive root"));
	}

	@Test
	void rejectsDriveLettersAndBackslashes() {
		PlatformException rejection = rejection(TestZips.app("windows", "1.0.0")
			.with("C:/Windows/evil.dll", "x")
			.with("services\\web\\..\\..\\evil", "x")
			.bytes());

		assertThat(rejection.errorCode()).isEqualTo(ErrorCodes.APP_ZIP_SLIP);
		assertThat(rejection.errors()).contains(
				new FieldError("C:/Windows/evil.dll",
						"starts with a drive letter; entries must be relative to the archive root"),
				new FieldError("services\\web\\..\\..\\evil",
						"contains a backslash, which is a path separator on Windows; zip entries use '/'"));
	}

	@Test
	void rejectsSymlinks() {
		byte[] zip = TestZips.symlinked(TestZips.app("links", "1.0.0").with("services/web/data", "/etc/passwd").bytes(),
				"services/web/data");

		assertRejected(zip, ErrorCodes.APP_ZIP_SLIP, new FieldError("services/web/data",
				"is a symbolic link, which could point outside the app; put the file itself in the archive"));
	}

	@Test
	void rejectsACompressionBomb() {
		byte[] zeros = new byte[5 * 1024 * 1024];
		byte[] zip = TestZips.app("bomb", "1.0.0").with("services/web/zeros.bin", zeros).bytes();
		assertThat(zip.length).isLessThan(100 * 1024);

		PlatformException rejection = rejection(zip);

		assertThat(rejection.errorCode()).isEqualTo(ErrorCodes.APP_COMPRESSION_RATIO);
		assertThat(rejection.errors()).singleElement().satisfies((error) -> {
			assertThat(error.path()).isEqualTo("services/web/zeros.bin");
			assertThat(error.message()).startsWith("unpacks to more than 100 times its packed size")
				.endsWith("which looks like a zip bomb");
		});
	}

	@Test
	void rejectsTooManyEntries() {
		TestZips zips = TestZips.app("crowded", "1.0.0");
		for (int i = 0; i < 10_000; i++) {
			zips.with("services/web/static/f" + i + ".txt", "");
		}

		assertRejected(zips.bytes(), ErrorCodes.APP_TOO_MANY_ENTRIES,
				new FieldError("", "the archive has 10005 entries, more than the 10000 allowed"));
	}

	@Test
	void rejectsArchivesThatUnpackTooLargeCountingRealBytesNotDeclaredSizes() {
		AppPackageValidator small = new AppPackageValidator(new ValidationProperties(DataSize.ofMegabytes(5), 10_000,
				DataSize.ofMegabytes(2), 100, DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 100), this.schemas,
				SENSOR_TYPES);
		byte[] noise = new byte[3 * 1024 * 1024];
		new Random(7).nextBytes(noise);
		byte[] lying = TestZips.declaringSize(
				TestZips.app("large", "1.0.0").with("services/web/noise.bin", noise).bytes(), "services/web/noise.bin",
				10);

		PlatformException rejection = catchThrowableOfType(PlatformException.class, () -> small.validate(write(lying)));

		assertThat(rejection.errorCode()).isEqualTo(ErrorCodes.APP_TOO_LARGE);
		assertThat(rejection.errors())
			.containsExactly(new FieldError("", "the archive unpacks to more than 2 MB (counted while unpacking)"));
	}

	@Test
	void rejectsWhatIsNotAZip() {
		assertRejected("just some text, not a zip at all".getBytes(StandardCharsets.UTF_8), ErrorCodes.APP_NOT_A_ZIP,
				new FieldError("", "the upload is not a zip archive: it has no zip end-of-central-directory record"));
	}

	@Test
	void rejectsAnEmptyFile() {
		assertRejected(new byte[0], ErrorCodes.APP_NOT_A_ZIP,
				new FieldError("", "the upload is empty; send the app zip as part 'file'"));
	}

	@Test
	void rejectsMalformedJson() {
		PlatformException rejection = rejection(TestZips.app("broken", "1.0.0")
			.with("appConfig.json", "{\"name\": \"broken\", \"version\": \"1.0.0\",}")
			.bytes());

		assertThat(rejection.errorCode()).isEqualTo(ErrorCodes.APP_MALFORMED_DESCRIPTOR);
		assertThat(rejection.errors()).singleElement().satisfies((error) -> {
			assertThat(error.path()).isEqualTo("appConfig.json");
			assertThat(error.message()).startsWith("is not valid JSON at line 1, column ");
		});
	}

	@Test
	void rejectsDuplicateJsonKeys() {
		PlatformException rejection = rejection(TestZips.app("dupe", "1.0.0")
			.with("services/web/config.json", "{\"runtime\": \"python\", \"runtime\": \"java\"}")
			.bytes());

		assertThat(rejection.errors()).singleElement().satisfies((error) -> {
			assertThat(error.path()).isEqualTo("services/web/config.json");
			assertThat(error.message()).contains("Duplicate Object property \"runtime\"");
		});
	}

	@Test
	void rejectsWrongTypesAndMissingFields() {
		PlatformException rejection = rejection(TestZips.app("typed", "1.0.0")
			.with("appConfig.json", "{\"name\": \"typed\", \"entryService\": \"web\", \"colour\": \"red\"}")
			.with("services/web/config.json",
					"{\"runtime\": \"python\", \"http\": \"yes\", \"instances\": {\"min\": 0}}")
			.bytes());

		assertThat(rejection.errorCode()).isEqualTo(ErrorCodes.APP_MALFORMED_DESCRIPTOR);
		assertThat(rejection.errors()).containsExactlyInAnyOrder(
				new FieldError("services/web/config.json#/http", "string found, boolean expected (got \"yes\")"),
				new FieldError("services/web/config.json#/instances/min", "must have a minimum value of 1 (got 0)"),
				new FieldError("appConfig.json#/version", "required property 'version' not found"),
				new FieldError("appConfig.json#/colour",
						"property 'colour' is not defined in the schema and the schema does not allow additional properties"));
	}

	@Test
	void rejectsAVersionThatIsNotSemver() {
		assertRejected(TestZips.app("semver", "1.0").bytes(), ErrorCodes.APP_MALFORMED_DESCRIPTOR,
				new FieldError("appConfig.json#/version", "version \"1.0\" is not a semantic version such as 1.0.0"));
	}

	@Test
	void rejectsAnUnknownRuntime() {
		assertRejected(
				TestZips.app("cobol", "1.0.0")
					.with("services/web/config.json", "{\"runtime\": \"cobol\", \"command\": [\"./run\"]}")
					.bytes(),
				ErrorCodes.APP_UNKNOWN_RUNTIME, new FieldError("services/web/config.json#/runtime",
						"unknown runtime \"cobol\"; use python, java, node or command"));
	}

	@Test
	void requiresACommandForTheCommandRuntime() {
		assertRejected(
				TestZips.app("nocommand", "1.0.0")
					.with("services/worker/config.json", "{\"runtime\": \"command\", \"http\": false}")
					.bytes(),
				ErrorCodes.APP_MALFORMED_DESCRIPTOR,
				new FieldError("services/worker/config.json#/command", "required property 'command' not found"));
	}

	@Test
	void rejectsInconsistentBoundsAndAHealthPathOnAWorker() {
		PlatformException rejection = rejection(TestZips.app("bounds", "1.0.0").with("services/worker/config.json", """
				{"runtime": "command", "command": ["./run.sh"], "http": false, "healthPath": "/health",
				 "instances": {"min": 3, "max": 2}}""").bytes());

		assertThat(rejection.errors()).containsExactly(
				new FieldError("services/worker/config.json#/instances/max", "max 2 is below min 3"),
				new FieldError("services/worker/config.json#/healthPath",
						"needs http: true; a worker (http: false) is healthy while its process runs"));
	}

	@Test
	void rejectsABadAppName() {
		assertRejected(TestZips.app("Green_House", "1.0.0").bytes(), ErrorCodes.APP_BAD_NAME,
				new FieldError("appConfig.json#/name",
						"app name \"Green_House\" is out of pattern [a-z][a-z0-9-]{1,38}: "
								+ "lowercase letters, digits and dashes, starting with a letter, 2 to 39 characters"));
	}

	@Test
	void rejectsABadServiceName() {
		assertRejected(
				TestZips.app("names", "1.0.0").with("services/Web_2/config.json", "{\"runtime\": \"java\"}").bytes(),
				ErrorCodes.APP_BAD_NAME,
				new FieldError("services/Web_2/", "service name 'Web_2' is out of pattern [a-z][a-z0-9-]{0,30}: "
						+ "lowercase letters, digits and dashes, starting with a letter, at most 31 characters"));
	}

	@Test
	void rejectsAServiceNamedInAppConfigButAbsent() {
		assertRejected(TestZips.app("absent", "1.0.0").with("appConfig.json", """
				{"name": "absent", "version": "1.0.0", "entryService": "web",
				 "sensors": [{"type": "temperature", "services": ["web", "monitor"]}]}""").bytes(),
				ErrorCodes.APP_SERVICE_MISMATCH, new FieldError("appConfig.json#/sensors/0/services/1",
						"names service 'monitor', but there is no folder services/monitor/ with a config.json"));
	}

	@Test
	void rejectsAServiceFolderWithoutConfig() {
		assertRejected(TestZips.app("extra", "1.0.0").with("services/extra/main.py", "print(1)").bytes(),
				ErrorCodes.APP_MISSING_DESCRIPTOR, new FieldError("services/extra/config.json",
						"is missing: every folder under services/ is a service and needs a config.json"));
	}

	@Test
	void rejectsAnAppWithoutServices() {
		assertRejected(TestZips.empty().with("appConfig.json", "{\"name\": \"empty\", \"version\": \"1.0.0\"}").bytes(),
				ErrorCodes.APP_SERVICE_MISMATCH, new FieldError("services/",
						"the app has no services; add a folder services/<name>/ with a config.json"));
	}

	@Test
	void rejectsAnUnknownSensorType() {
		assertRejected(TestZips.app("sensing", "1.0.0").with("appConfig.json", """
				{"name": "sensing", "version": "1.0.0", "sensors": [{"type": "radiation"}]}""").bytes(),
				ErrorCodes.APP_UNKNOWN_SENSOR_TYPE, new FieldError("appConfig.json#/sensors/0/type",
						"sensor type 'radiation' is unknown; known types: humidity, temperature"));
	}

	@Test
	void rejectsAMissingEntryService() {
		assertRejected(
				TestZips.app("entry", "1.0.0")
					.with("appConfig.json",
							"{\"name\": \"entry\", \"version\": \"1.0.0\", \"entryService\": \"dashboard\"}")
					.bytes(),
				ErrorCodes.APP_SERVICE_MISMATCH, new FieldError("appConfig.json#/entryService",
						"names service 'dashboard', but there is no folder services/dashboard/ with a config.json"));
	}

	@Test
	void rejectsAWorkerAsEntryService() {
		assertRejected(
				TestZips.app("entry", "1.0.0")
					.with("appConfig.json",
							"{\"name\": \"entry\", \"version\": \"1.0.0\", \"entryService\": \"worker\"}")
					.bytes(),
				ErrorCodes.APP_SERVICE_MISMATCH, new FieldError("appConfig.json#/entryService",
						"names service 'worker', which has http: false; the service behind the app link must listen on $PORT"));
	}

	@Test
	void rejectsAMissingAppConfigAndPointsAtAZippedFolder() {
		TestZips nested = TestZips.empty()
			.with("greenhouse/appConfig.json", "{}")
			.with("services/web/config.json", "{\"runtime\": \"java\"}");

		assertRejected(nested.bytes(), ErrorCodes.APP_MISSING_DESCRIPTOR,
				new FieldError("appConfig.json",
						"is missing at the root of the archive; found greenhouse/appConfig.json: "
								+ "zip the contents of the app folder, not the folder itself"));
	}

	@Test
	void rejectsDuplicateEntries() {
		byte[] zip = TestZips.app("twice", "1.0.0")
			.with("services/web/a.txt", "1")
			.with("services/web/b.txt", "2")
			.bytes();
		// rename b.txt to a.txt in both headers: same length, so the archive stays
		// well-formed
		String text = new String(zip, StandardCharsets.ISO_8859_1).replace("services/web/b.txt", "services/web/a.txt");

		assertRejected(text.getBytes(StandardCharsets.ISO_8859_1), ErrorCodes.APP_NOT_A_ZIP,
				new FieldError("services/web/a.txt",
						"appears more than once in the archive; tools would disagree on which one counts"));
	}

	@Test
	void listsEveryProblemAndLeadsWithTheMostRelevant() {
		PlatformException rejection = rejection(TestZips.app("Bad Name", "1.0.0")
			.with("../escape", "x")
			.with("services/web/config.json", "{\"runtime\": \"perl\", \"command\": [\"perl\"]}")
			.with("services/lonely/readme.md", "no config")
			.bytes());

		assertThat(rejection.errorCode()).isEqualTo(ErrorCodes.APP_ZIP_SLIP);
		assertThat(rejection.status()).isEqualTo(422);
		assertThat(rejection.errors()).extracting(FieldError::path)
			.containsExactlyInAnyOrder("../escape", "services/lonely/config.json", "services/web/config.json#/runtime",
					"appConfig.json#/name");
		assertThat(rejection.detail())
			.startsWith("the app package has 4 problems, listed in errors; the first: ../escape: ");
	}

	private ValidatedPackage validate(byte[] zip) throws IOException {
		return this.validator.validate(write(zip));
	}

	private PlatformException rejection(byte[] zip) {
		ThrowableAssert.ThrowingCallable validation = () -> this.validator.validate(write(zip));
		PlatformException rejection = catchThrowableOfType(PlatformException.class, validation);
		assertThat(rejection).as("rejection").isNotNull();
		return rejection;
	}

	private void assertRejected(byte[] zip, ErrorCode code, FieldError error) {
		PlatformException rejection = rejection(zip);
		assertThat(rejection.errors()).containsExactly(error);
		assertThat(rejection.errorCode()).isEqualTo(code);
	}

	private Path write(byte[] zip) throws IOException {
		return Files.write(Files.createTempFile(this.dir, "app-", ".zip"), zip);
	}

}
