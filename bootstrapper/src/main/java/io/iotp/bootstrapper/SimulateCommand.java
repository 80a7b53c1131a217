package io.iotp.bootstrapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.iotp.bootstrapper.platform.PlatformLayout;
import io.iotp.bootstrapper.simulate.SimulationSettings;
import io.iotp.bootstrapper.simulate.Simulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iotp simulate}: sensors sending plausible readings at a fixed rate for a bounded
 * time.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
		description = {
				"Register (or reuse) simulated sensors and send plausible readings at a fixed total rate "
						+ "over HTTP or MQTT; prints the rate every second and always stops after --duration.",
				"Sensors and their keys are kept in <data-dir>/simulator/ for the next run." })
final class SimulateCommand implements Callable<Integer> {

	private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

	@Spec
	CommandLine.Model.CommandSpec spec;

	@Mixin
	IotpCli.PlatformOptions options = new IotpCli.PlatformOptions();

	@Option(names = "--sensors", paramLabel = "N", defaultValue = "1",
			description = "How many sensors send (default: ${DEFAULT-VALUE}).")
	int sensors;

	@Option(names = "--rate", paramLabel = "R", defaultValue = "10",
			description = "Readings per second, all sensors together (default: ${DEFAULT-VALUE}).")
	double rate;

	@Option(names = "--type", paramLabel = "T", defaultValue = "temperature",
			description = "Sensor type; created with plausible fields when missing (default: ${DEFAULT-VALUE}).")
	String type;

	@Option(names = "--location", paramLabel = "L", defaultValue = "simulated",
			description = "Location of the sensors (default: ${DEFAULT-VALUE}).")
	String location;

	@Option(names = "--protocol", paramLabel = "http|mqtt", defaultValue = "http",
			description = "How readings travel (default: ${DEFAULT-VALUE}).")
	String protocol;

	@Option(names = "--duration", paramLabel = "D", defaultValue = "60s",
			description = "Stop sending after this, e.g. 30s, 5m, 1h, 500ms (default: ${DEFAULT-VALUE}).")
	String duration;

	@Option(names = "--gateway", paramLabel = "URL",
			description = "The platform's gateway (default: http://localhost:8080 plus the port offset).")
	URI gateway;

	@Option(names = "--mqtt", paramLabel = "URI",
			description = "sensor-manager's MQTT server (default: tcp://127.0.0.1:1883 plus the port offset).")
	URI mqtt;

	@Option(names = "--user", paramLabel = "NAME",
			description = "Who registers the sensors (default: the admin login in <data-dir>/admin-credentials).")
	String user;

	@Option(names = "--password", paramLabel = "PASSWORD", description = "Their password.")
	String password;

	@Option(names = "--token", paramLabel = "TOKEN",
			description = "A bearer token instead of --user/--password (default: $IOTP_TOKEN).")
	String token;

	@Override
	public Integer call() {
		SimulationSettings settings = settings();
		boolean clean = new Simulator(settings, (line) -> {
			System.out.println(line);
			System.out.flush();
		}).run();
		return clean ? 0 : 1;
	}

	SimulationSettings settings() {
		if (this.sensors < 1 || this.sensors > 10_000) {
			throw invalid("--sensors must be between 1 and 10000, got " + this.sensors);
		}
		if (!(this.rate > 0) || this.rate > 1_000_000) {
			throw invalid("--rate must be above 0 and at most 1000000 readings/s, got " + this.rate);
		}
		if (!this.type.matches("[a-z][a-z0-9-]{1,38}")) {
			throw invalid("--type must match [a-z][a-z0-9-]{1,38}, got '" + this.type + "'");
		}
		if (this.location.isBlank() || this.location.length() > 100) {
			throw invalid("--location must have 1 to 100 characters");
		}
		SimulationSettings.Protocol protocol = switch (this.protocol.toLowerCase()) {
			case "http" -> SimulationSettings.Protocol.HTTP;
			case "mqtt" -> SimulationSettings.Protocol.MQTT;
			default -> throw invalid("--protocol must be http or mqtt, got '" + this.protocol + "'");
		};
		Duration duration = duration(this.duration);
		if (duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0) {
			throw invalid("--duration must be above 0 and at most 7 days, got " + this.duration);
		}
		if ((this.user == null) != (this.password == null)) {
			throw invalid("--user and --password go together");
		}
		PlatformLayout layout = this.options.layout();
		URI gateway = (this.gateway != null) ? this.gateway : URI.create(layout.gatewayUrl());
		URI mqtt = (this.mqtt != null) ? this.mqtt
				: URI.create("tcp://" + PlatformLayout.HOST + ":" + layout.ports().mqtt());
		String token = (this.token != null) ? this.token : System.getenv("IOTP_TOKEN");
		String username = this.user;
		String password = this.password;
		if (token == null && username == null) {
			String[] admin = adminLogin(layout.adminCredentialsFile());
			username = admin[0];
			password = admin[1];
		}
		return new SimulationSettings(this.sensors, this.rate, this.type, this.location, protocol, duration, gateway,
				mqtt, token, username, password, layout.dataDir().resolve("simulator"));
	}

	private String[] adminLogin(Path file) {
		try {
			String line = Files.readString(file, StandardCharsets.UTF_8).strip();
			int colon = line.indexOf(':');
			if (colon > 0) {
				return new String[] { line.substring(0, colon), line.substring(colon + 1) };
			}
		}
		catch (IOException ex) {
			// reported below
		}
		throw invalid("no credentials: pass --user and --password or --token (no admin login in " + file + ")");
	}

	private CommandLine.ParameterException invalid(String message) {
		return new CommandLine.ParameterException(this.spec.commandLine(), message);
	}

	/**
	 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 such as
	 * {@code PT30S}.
	 */
	private Duration duration(String text) {
		Matcher matcher = DURATION.matcher(text.strip());
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			};
		}
		try {
			return Duration.parse(text.strip());
		}
		catch (RuntimeException ex) {
			throw invalid("--duration must look like 30s, 5m, 1h or 500ms, got '" + text + "'");
		}
	}

}
