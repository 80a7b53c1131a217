package io.iotp.contracts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.samples.SampleApps;
import io.iotp.contracts.schemas.Schemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ContractBundleTest {

	@Test
	void holdsGuideSchemasSamplesAndErrorCodes() throws IOException {
		Map<String, byte[]> files = unzip(ContractBundle.zip());

		assertThat(files).containsKeys("guide.md", "error-codes.json", "schemas/app-config.schema.json",
				"schemas/service-config.schema.json", "schemas/deployment-request.schema.json",
				"schemas/sensor-type.schema.json", "samples/python-greenhouse.zip", "samples/java-hello.zip",
				"samples/python-greenhouse/appConfig.json", "samples/python-greenhouse/services/dashboard/main.py",
				"samples/java-hello/services/web/app.jar");
		assertThat(files.get("samples/java-hello.zip")).isEqualTo(SampleApps.zip(SampleApps.JAVA_HELLO));
		assertThat(new String(files.get("schemas/app-config.schema.json"), StandardCharsets.UTF_8))
			.isEqualTo(Schemas.read(Schemas.APP_CONFIG));
		assertThat(new String(files.get("guide.md"), StandardCharsets.UTF_8)).contains("X-Forwarded-Prefix",
				"/sensor-data", "IOTP_SENSORS");
	}

	@Test
	void errorCodesJsonListsEveryCode() {
		JsonNode codes = JsonMapper.builder().build().readTree(ContractBundle.errorCodesJson());

		assertThat(codes.size()).isEqualTo(ErrorCodes.all().size());
		assertThat(codes.get(0).get("code").asString()).isEqualTo(ErrorCodes.all().get(0).code());
		assertThat(codes.get(0).has("status")).isTrue();
		assertThat(codes.get(0).has("hint")).isTrue();
	}

	private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				files.put(entry.getName(), in.readAllBytes());
			}
		}
		return files;
	}

}
