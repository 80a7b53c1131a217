package io.iotp.appcontroller.contract;

import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.iotp.contracts.ContractBundle;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.schemas.Schemas;

/** {@code GET /api/contracts}: what an app developer downloads before writing an app. */
@RestController
@RequestMapping("/api/contracts")
class ContractController {

	private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

	/**
	 * The bundle cannot change while the process runs (it is built from this jar's
	 * resources).
	 */
	private final byte[] bundle = ContractBundle.zip();

	@GetMapping
	ResponseEntity<byte[]> bundle() {
		return ResponseEntity.ok()
			.contentType(ZIP)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("iotp-contract.zip").build().toString())
			.body(this.bundle);
	}

	@GetMapping("/schemas")
	List<String> schemaNames() {
		return Schemas.names();
	}

	/**
	 * {@code application/schema+json} unless the client asks for plain
	 * {@code application/json}.
	 */
	@GetMapping(path = "/schemas/{name}", produces = { "application/schema+json", MediaType.APPLICATION_JSON_VALUE })
	String schema(@PathVariable String name) {
		if (!Schemas.exists(name)) {
			throw new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND,
					"no schema named '" + name + "'; the schemas are " + Schemas.names());
		}
		return Schemas.read(name);
	}

}
