package io.iotp.appcontroller.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.iotp.contracts.schemas.Schemas;
import tools.jackson.databind.JsonNode;

/**
 * The contract's JSON Schemas ({@link Schemas}) as validators, so that what the platform
 * accepts is exactly what the published schemas say.
 */
@Component
public class ContractSchemas {

	/**
	 * A branch of a {@code oneOf}: the path up to {@code /oneOf} and the branch index.
	 */
	private static final Pattern ONE_OF_BRANCH = Pattern.compile("^(.*?/oneOf)/(\\d+)/");

	private static final Set<String> SHOW_VALUE = Set.of("pattern", "enum", "const", "type", "minimum", "maximum",
			"exclusiveMinimum", "maxLength", "minLength");

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	/**
	 * Every way {@code document} breaks the named schema, most specific first, never
	 * empty if it does.
	 */
	public List<Violation> violations(String schemaName, JsonNode document) {
		Schema schema = this.schemas.computeIfAbsent(schemaName, this::load);
		return readable(schema.validate(document));
	}

	private Schema load(String name) {
		try (InputStream in = Schemas.open(name)) {
			return this.registry.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read schema " + name, ex);
		}
	}

	/**
	 * A failed {@code oneOf} reports every branch's errors; the contract's {@code oneOf}s
	 * are discriminated by a {@code type} constant, so only the errors of the branch the
	 * document chose are kept, or, if it chose none, the {@code oneOf} failure alone.
	 */
	private static List<Violation> readable(List<Error> errors) {
		Map<String, Set<String>> rejectedBranches = new HashMap<>();
		Map<String, Set<String>> branches = new HashMap<>();
		for (Error error : errors) {
			Matcher branch = ONE_OF_BRANCH.matcher(error.getEvaluationPath().toString());
			if (branch.find()) {
				branches.computeIfAbsent(branch.group(1), (key) -> new HashSet<>()).add(branch.group(2));
				if ("const".equals(error.getKeyword()) && error.getInstanceLocation().toString().endsWith("/type")) {
					rejectedBranches.computeIfAbsent(branch.group(1), (key) -> new HashSet<>()).add(branch.group(2));
				}
			}
		}
		List<Violation> violations = new ArrayList<>();
		for (Error error : errors) {
			String evaluationPath = error.getEvaluationPath().toString();
			Matcher branch = ONE_OF_BRANCH.matcher(evaluationPath);
			if (branch.find()) {
				Set<String> chosen = chosen(branches.get(branch.group(1)), rejectedBranches.get(branch.group(1)));
				if (chosen.size() == 1 && chosen.contains(branch.group(2))) {
					violations.add(violation(error));
				}
			}
			else if ("oneOf".equals(error.getKeyword())) {
				Set<String> chosen = chosen(branches.get(evaluationPath), rejectedBranches.get(evaluationPath));
				if (chosen.size() != 1) {
					violations.add(new Violation(error.getInstanceLocation().toString(), "oneOf",
							"matches none of the allowed shapes; check its type and fields against the schema"));
				}
			}
			else {
				violations.add(violation(error));
			}
		}
		return violations;
	}

	private static Set<String> chosen(Set<String> branches, Set<String> rejected) {
		Set<String> chosen = new HashSet<>((branches != null) ? branches : Set.of());
		if (rejected != null) {
			chosen.removeAll(rejected);
		}
		return chosen;
	}

	private static Violation violation(Error error) {
		String pointer = error.getInstanceLocation().toString();
		String keyword = error.getKeyword();
		String message = error.getMessage();
		if (error.getProperty() != null && ("required".equals(keyword) || "additionalProperties".equals(keyword))) {
			pointer = pointer + "/" + error.getProperty();
		}
		else if (SHOW_VALUE.contains(keyword) && error.getInstanceNode() != null) {
			message = message + " (got " + error.getInstanceNode() + ")";
		}
		return new Violation(pointer, keyword, message);
	}

	/**
	 * One way a document breaks a schema.
	 *
	 * @param pointer JSON pointer of the offending value (of the missing or unexpected
	 * property, for {@code required} and {@code additionalProperties}); empty for the
	 * whole document
	 * @param keyword the schema keyword that failed, e.g. {@code pattern}
	 * @param message what is wrong, for humans
	 */
	public record Violation(String pointer, String keyword, String message) {

	}

}
