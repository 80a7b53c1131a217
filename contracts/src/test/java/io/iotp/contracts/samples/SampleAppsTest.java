package io.iotp.contracts.samples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.iotp.contracts.schemas.SchemaValidator;
import io.iotp.contracts.schemas.Schemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SampleAppsTest {

	private static final Path SOURCES = Path.of("src/main/resources/io/iotp/contracts/samples");

	private final JsonMapper json = JsonMapper.builder().build();

	static Stream<String> samples() {
		return SampleApps.names().stream();
	}

	@Test
	void thereAreTwoSamples() {
		assertThat(SampleApps.names()).containsExactly(SampleApps.PYTHON_GREENHOUSE, SampleApps.JAVA_HELLO);
		assertThat(SampleApps.appName(SampleApps.PYTHON_GREENHOUSE)).isEqualTo("greenhouse");
		assertThat(SampleApps.appName(SampleApps.JAVA_HELLO)).isEqualTo("hello-java");
	}

	@Test
	void greenhouseZipHoldsItsFiles() throws IOException {
		assertThat(unzip(SampleApps.zip(SampleApps.PYTHON_GREENHOUSE)).keySet()).containsExactly("appConfig.json",
				"services/dashboard/config.json", "services/dashboard/main.py", "services/monitor/config.json",
				"services/monitor/main.py");
	}

	@Test
	void helloJavaZipHoldsARunnableJar() throws IOException {
		Map<String, byte[]> files = unzip(SampleApps.zip(SampleApps.JAVA_HELLO));

		assertThat(files.keySet()).containsExactly("appConfig.json", "services/web/config.json",
				"services/web/app.jar");
		try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(files.get("services/web/app.jar")))) {
			assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
				.isEqualTo("io.iotp.samples.hello.Main");
		}
	}

	@ParameterizedTest
	@MethodSource("samples")
	void indexListsEverySourceFile(String sample) throws IOException {
		List<String> sources;
		try (Stream<Path> walk = Files.walk(SOURCES.resolve(sample))) {
			sources = walk.filter(Files::isRegularFile)
				.map((file) -> SOURCES.resolve(sample).relativize(file).toString().replace('\\', '/'))
				.filter((file) -> !file.contains("__pycache__"))
				.toList();
		}
		List<String> built = SampleApps.files(sample).stream().filter((file) -> file.endsWith("app.jar")).toList();

		assertThat(SampleApps.files(sample)).containsExactlyInAnyOrderElementsOf(concat(sources, built));
	}

	@ParameterizedTest
	@MethodSource("samples")
	void descriptorsFollowTheSchemas(String sample) {
		Map<String, byte[]> files = unzip(SampleApps.zip(sample));

		assertThat(SchemaValidator.problems(Schemas.APP_CONFIG, text(files.get("appConfig.json")))).isEmpty();
		services(files).forEach((service) -> assertThat(SchemaValidator.problems(Schemas.SERVICE_CONFIG,
				text(files.get("services/" + service + "/config.json"))))
			.as(service)
			.isEmpty());
	}

	@ParameterizedTest
	@MethodSource("samples")
	void servicesNamedInAppConfigExist(String sample) {
		Map<String, byte[]> files = unzip(SampleApps.zip(sample));
		JsonNode appConfig = this.json.readTree(files.get("appConfig.json"));
		List<String> named = new ArrayList<>();
		if (appConfig.has("entryService")) {
			named.add(appConfig.get("entryService").asString());
		}
		appConfig.path("sensors").forEach((sensor) -> sensor.path("services").forEach((s) -> named.add(s.asString())));

		assertThat(services(files)).isNotEmpty().containsAll(named);
	}

	@ParameterizedTest
	@MethodSource("samples")
	void zipsTheSameBytesEveryTime(String sample) {
		assertThat(SampleApps.zip(sample)).isEqualTo(SampleApps.zip(sample));
	}

	@Test
	void writesAZipFile(@TempDir Path dir) throws IOException {
		Path zip = SampleApps.writeZip(SampleApps.PYTHON_GREENHOUSE, dir.resolve("greenhouse.zip"));

		assertThat(Files.readAllBytes(zip)).isEqualTo(SampleApps.zip(SampleApps.PYTHON_GREENHOUSE));
	}

	@Test
	void rejectsUnknownSamplesAndFiles() {
		assertThatIllegalArgumentException().isThrownBy(() -> SampleApps.zip("cobol-mainframe"))
			.withMessageContaining("python-greenhouse");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SampleApps.open(SampleApps.JAVA_HELLO, "../python-greenhouse/appConfig.json"));
	}

	/**
	 * The zip's entries in order, by name; fails on directory entries or paths leaving
	 * the archive.
	 */
	static Map<String, byte[]> unzip(byte[] zip) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				assertThat(entry.getName()).doesNotStartWith("/").doesNotContain("..").doesNotEndWith("/");
				files.put(entry.getName(), in.readAllBytes());
			}
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		return files;
	}

	private static List<String> services(Map<String, byte[]> files) {
		return files.keySet()
			.stream()
			.filter((name) -> name.matches("services/[^/]+/config\\.json"))
			.map((name) -> name.split("/")[1])
			.toList();
	}

	private static List<String> concat(List<String> first, List<String> second) {
		return Stream.concat(first.stream(), second.stream()).toList();
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
