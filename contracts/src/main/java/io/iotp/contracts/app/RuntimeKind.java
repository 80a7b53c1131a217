package io.iotp.contracts.app;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What runs a service's code, the {@code runtime} of its {@code config.json}. In JSON it
 * is the lowercase name developers write ({@code "python"}).
 */
public enum RuntimeKind {

	/** {@code python3 main.py} unless a command is given. */
	PYTHON("python", List.of("python3", "main.py")),

	/** {@code java -jar app.jar} unless a command is given. */
	JAVA("java", List.of("java", "-jar", "app.jar")),

	/** Node.js; the command is required. */
	NODE("node", List.of()),

	/** Any executable shipped in the service folder; the command is required. */
	COMMAND("command", List.of());

	private final String wireName;

	private final List<String> defaultCommand;

	RuntimeKind(String wireName, List<String> defaultCommand) {
		this.wireName = wireName;
		this.defaultCommand = defaultCommand;
	}

	/** The name in {@code config.json}. */
	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The command used when the service config has none; empty when a command is
	 * required.
	 */
	public List<String> defaultCommand() {
		return this.defaultCommand;
	}

	/**
	 * @throws IllegalArgumentException naming the known runtimes if {@code wireName} is
	 * none of them
	 */
	@JsonCreator
	public static RuntimeKind of(String wireName) {
		return Arrays.stream(values())
			.filter((kind) -> kind.wireName.equals(wireName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"unknown runtime '" + wireName + "', expected one of " + Arrays.toString(wireNames())));
	}

	private static String[] wireNames() {
		return Arrays.stream(values()).map(RuntimeKind::wireName).toArray(String[]::new);
	}

}
