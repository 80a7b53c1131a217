package io.iotp.appcontroller.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.iotp.appcontroller.support.AppControllerTest;
import io.iotp.contracts.schemas.Schemas;
import io.iotp.testsupport.Api;

import static org.assertj.core.api.Assertions.assertThat;

@AppControllerTest
class ContractsIT {

	@LocalServerPort
	int port;

	private Api api;

	@BeforeEach
	void api() {
		this.api = new Api(this.port);
	}

	@Test
	void downloadsTheContractBundle() throws IOException {
		Api.Response response = this.api.get("/api/contracts");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("application/zip");
		assertThat(response.contentDisposition()).isEqualTo("attachment; filename=\"iotp-contract.zip\"");
		assertThat(entries(response.body())).contains("guide.md", "error-codes.json", "schemas/app-config.schema.json",
				"schemas/service-config.schema.json", "schemas/deployment-request.schema.json",
				"schemas/sensor-type.schema.json", "samples/python-greenhouse/appConfig.json",
				"samples/python-greenhouse/services/monitor/main.py", "samples/python-greenhouse.zip",
				"samples/java-hello.zip");
	}

	@Test
	void servesEachSchemaByName() {
		Api.Response response = this.api.get("/api/contracts/schemas/app-config");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/schema+json");
		assertThat(response.text()).isEqualTo(Schemas.read(Schemas.APP_CONFIG));
		assertThat(response.json().path("$id").asString()).endsWith("/app-config.schema.json");

		Api.Response byFileName = this.api.get("/api/contracts/schemas/deployment-request.schema.json",
				"application/json");
		assertThat(byFileName.status()).isEqualTo(200);
		assertThat(byFileName.contentType()).startsWith("application/json");
		assertThat(byFileName.text()).isEqualTo(Schemas.read(Schemas.DEPLOYMENT_REQUEST));

		assertThat(this.api.get("/api/contracts/schemas").json().valueStream().map((name) -> name.asString()).toList())
			.isEqualTo(Schemas.names());
	}

	@Test
	void anUnknownSchemaIsANotFoundProblem() {
		Api.Response response = this.api.get("/api/contracts/schemas/secrets");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("code").asString()).isEqualTo("resource.not-found");
		assertThat(response.json().path("detail").asString()).startsWith("no schema named 'secrets'");
	}

	private static List<String> entries(byte[] zip) throws IOException {
		List<String> names = new ArrayList<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				names.add(entry.getName());
			}
		}
		return names;
	}

}
