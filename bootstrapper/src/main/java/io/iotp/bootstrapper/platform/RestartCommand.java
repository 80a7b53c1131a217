package io.iotp.bootstrapper.platform;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How monitoring brings back a platform component that died, in local mode: it runs this
 * platform's own {@code iotp up} again, with the same data directory, ports, project,
 * document store, service arguments and, on a node of a fleet, node plan, which starts
 * only what is missing there. The command reaches monitoring as indexed properties
 * ({@code --iotp.monitoring.restart.command[i]=…}), so no argument is ever split at a
 * comma.
 */
public final class RestartCommand {

	/** The CLI's main class, run from the bootstrapper jar like {@code ./iotp} does. */
	static final String MAIN_CLASS = "io.iotp.bootstrapper.IotpCli";

	private RestartCommand() {
	}

	/**
	 * The arguments that give monitoring the restart command and the file its output goes
	 * to.
	 */
	static List<String> monitoringArguments(PlatformLayout layout) {
		List<String> command = command(layout);
		List<String> arguments = new ArrayList<>();
		for (int i = 0; i < command.size(); i++) {
			arguments.add("--iotp.monitoring.restart.command[" + i + "]=" + command.get(i));
		}
		arguments.add("--iotp.monitoring.restart.log-file=" + layout.logDir().resolve("monitoring-restarts.log"));
		return arguments;
	}

	/**
	 * {@code <java> -cp <bootstrapper.jar> IotpCli up --data-dir … --ports …} for this
	 * layout.
	 */
	static List<String> command(PlatformLayout layout) {
		List<String> command = new ArrayList<>(List.of(layout.javaCommand(), "-XX:TieredStopAtLevel=1", "-cp",
				layout.bootstrapperJar().toString(), MAIN_CLASS, "up", "--data-dir", layout.dataDir().toString(),
				"--project-root", layout.projectRoot().toString(), "--ports=" + portsArgument(layout.ports())));
		if (layout.externalMongoUri() != null) {
			command.add("--mongodb-uri=" + layout.externalMongoUri());
		}
		if (layout.placement().fleetMember()) {
			// on a node of a fleet, only what runs there
			command.add("--node-plan=" + layout.nodePlanFile());
		}
		for (String argument : layout.serviceArguments()) {
			command.add("--service-arg=" + argument);
		}
		return command;
	}

	/**
	 * Every port by its name in {@link Ports}: {@code gateway=8080,appController=8081,…}.
	 */
	public static String portsArgument(Ports ports) {
		return Arrays.stream(Ports.class.getRecordComponents())
			.map(component -> component.getName() + "=" + value(component, ports))
			.collect(Collectors.joining(","));
	}

	/**
	 * The ports {@link #portsArgument(Ports)} wrote; every port of {@link Ports} must be
	 * named.
	 * @throws PlatformException naming what is missing or malformed
	 */
	public static Ports parsePorts(String argument) {
		Map<String, Integer> byName = new LinkedHashMap<>();
		for (String pair : argument.split(",")) {
			String[] parts = pair.split("=", 2);
			try {
				byName.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
			}
			catch (RuntimeException ex) {
				throw new PlatformException("--ports: '" + pair + "' is not name=port");
			}
		}
		RecordComponent[] components = Ports.class.getRecordComponents();
		Object[] values = new Object[components.length];
		Class<?>[] types = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			Integer port = byName.get(components[i].getName());
			if (port == null) {
				throw new PlatformException("--ports: no port for " + components[i].getName());
			}
			values[i] = port;
			types[i] = components[i].getType();
		}
		try {
			return Ports.class.getDeclaredConstructor(types).newInstance(values);
		}
		catch (ReflectiveOperationException ex) {
			throw new PlatformException("--ports: " + ex.getMessage(), ex);
		}
	}

	private static Object value(RecordComponent component, Ports ports) {
		try {
			return component.getAccessor().invoke(ports);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
