package io.iotp.contracts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.samples.SampleApps;
import io.iotp.contracts.schemas.Schemas;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * What a developer downloads from {@code GET /api/contracts}: the guide, the schemas, the
 * sample apps (as folders to read and as zips ready to upload) and the error codes, in
 * one zip.
 */
public final class ContractBundle {

	private static final long ENTRY_TIME = 1767225600000L; // 2026-01-01T00:00:00Z

	private ContractBundle() {
	}

	/** The bundle as zip bytes. */
	public static byte[] zip() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		writeZip(bytes);
		return bytes.toByteArray();
	}

	/** Writes the bundle as a zip to {@code out}, which stays open. */
	public static void writeZip(OutputStream out) {
		try {
			ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
			try (InputStream guide = resource("io/iotp/contracts/guide.md")) {
				put(zip, "guide.md", guide.readAllBytes());
			}
			for (String name : Schemas.names()) {
				put(zip, "schemas/" + Schemas.fileName(name), Schemas.read(name).getBytes(StandardCharsets.UTF_8));
			}
			for (String sample : SampleApps.names()) {
				for (String file : SampleApps.files(sample)) {
					put(zip, "samples/" + sample + "/" + file, SampleApps.read(sample, file));
				}
				put(zip, "samples/" + sample + ".zip", SampleApps.zip(sample));
			}
			put(zip, "error-codes.json", errorCodesJson());
			zip.finish();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the contract bundle", ex);
		}
	}

	/** {@code [{code, status, hint}]} of every error code. */
	public static byte[] errorCodesJson() {
		JsonMapper json = JsonMapper.builder().build();
		ArrayNode codes = json.createArrayNode();
		for (ErrorCode code : ErrorCodes.all()) {
			codes.addObject().put("code", code.code()).put("status", code.status()).put("hint", code.hint());
		}
		return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(codes);
	}

	private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
		ZipEntry entry = new ZipEntry(name);
		entry.setTime(ENTRY_TIME);
		zip.putNextEntry(entry);
		zip.write(content);
		zip.closeEntry();
	}

	private static InputStream resource(String path) {
		InputStream in = ContractBundle.class.getClassLoader().getResourceAsStream(path);
		if (in == null) {
			throw new IllegalStateException(path + " is missing from the classpath");
		}
		return in;
	}

}
