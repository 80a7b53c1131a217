package io.iotp.contracts.schemas;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Validates JSON documents against the contract's schemas (and schemas against the
 * meta-schema).
 */
public final class SchemaValidator {

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

	private SchemaValidator() {
	}

	/**
	 * The problems of {@code json} against the named schema, each as
	 * {@code <location>: <message>}.
	 */
	public static List<String> problems(String schemaName, String json) {
		Schema schema = SCHEMAS.computeIfAbsent(schemaName, SchemaValidator::load);
		return describe(schema.validate(json, InputFormat.JSON));
	}

	/** The problems of a schema document against the draft 2020-12 meta-schema. */
	public static List<String> metaSchemaProblems(String schemaJson) {
		Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
		return describe(meta.validate(schemaJson, InputFormat.JSON));
	}

	private static Schema load(String name) {
		try (InputStream in = Schemas.open(name)) {
			return REGISTRY.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> describe(List<Error> errors) {
		return errors.stream().map((error) -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
	}

}
