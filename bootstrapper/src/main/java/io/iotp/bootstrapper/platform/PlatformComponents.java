package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.iotp.bootstrapper.infra.LdapDirectory;
import io.iotp.bootstrapper.platform.ComponentSpec.Kind;
import io.iotp.bootstrapper.platform.HealthCheck.ActuatorHealth;
import io.iotp.bootstrapper.platform.HealthCheck.TcpPort;

/**
 * Every component of the embedded platform, in start order: infrastructure first, then
 * the platform services and the local node agent, which all start together once the
 * infrastructure is up.
 */
public final class PlatformComponents {

	/** The local node of the embedded platform. */
	public static final String LOCAL_NODE_ID = "local-1";

	/** The seven platform services, in the order they are listed. */
	public static final List<String> SERVICES = List.of("app-controller", "deployer", "node-manager", "sensor-manager",
			"monitoring", "logger", "api-gateway");

	public static final String NODE_AGENT = "node-agent";

	/** Azurite as the build installs it, from the checkout. */
	public static final String AZURITE = "infra/azurite/node_modules/.bin/azurite-blob";

	/**
	 * Services every request or reading crosses: they get the optimising compiler (C2)
	 * the others go without. sensor-manager with C2 took 79,000 batched readings/s where
	 * it took 49,000 with C1 only.
	 */
	private static final java.util.Set<String> ON_THE_DATA_PATH = java.util.Set.of("api-gateway", "sensor-manager");

	private final PlatformLayout layout;

	private final String version;

	/**
	 * The platform's Kafka logins and registry, also for training runs, whose other files
	 * are elsewhere.
	 */
	private final KafkaPrincipals principals;

	private final RegistrySetup registry;

	/**
	 * The arguments that launch a service's code: {@code -jar} and its jar, with its
	 * start-up cache if ready.
	 */
	private final Function<String, List<String>> launch;

	public PlatformComponents(PlatformLayout layout, String version) {
		this.layout = layout;
		this.version = version;
		this.principals = new KafkaPrincipals(layout);
		this.registry = new RegistrySetup(layout);
		StartupCaches caches = new StartupCaches(layout);
		this.launch = (service) -> caches.launch(service, jvmOptions(service));
	}

	private PlatformComponents(PlatformLayout layout, String version, KafkaPrincipals principals,
			RegistrySetup registry, Function<String, List<String>> launch) {
		this.layout = layout;
		this.version = version;
		this.principals = principals;
		this.registry = registry;
		this.launch = launch;
	}

	/**
	 * The services as the training runs of their start-up caches start them: with every
	 * argument of a real start, but their files in {@code scratchDir} (a training run
	 * must not touch the platform's data, e.g. re-adopt its instances) and launched by
	 * {@code launch}.
	 */
	List<ComponentSpec> trainingRuns(Path scratchDir, Function<String, List<String>> launch) {
		return new PlatformComponents(this.layout.withDataDir(scratchDir), this.version, this.principals, this.registry,
				launch)
			.services();
	}

	public List<ComponentSpec> all() {
		List<ComponentSpec> all = new ArrayList<>(infrastructure());
		all.addAll(services());
		return all;
	}

	public List<ComponentSpec> infrastructure() {
		Ports ports = this.layout.ports();
		String host = this.layout.bindAddress();
		List<ComponentSpec> infra = new ArrayList<>();
		if (this.layout.placement().brokerId() > 0) {
			infra.add(new ComponentSpec("kafka", Kind.INFRASTRUCTURE, new KafkaSetup(this.layout).brokerCommand(),
					new TcpPort(host, ports.kafka())));
		}
		if (!this.layout.placement().infra()) {
			return infra;
		}
		if (this.layout.externalMongoUri() == null) {
			infra.add(new ComponentSpec("mongodb", Kind.INFRASTRUCTURE,
					infraCommand("io.iotp.bootstrapper.infra.MongoServerMain", "-Xmx256m", host,
							String.valueOf(ports.mongodb()), this.layout.mongoFile().toString(),
							this.principals.clientFile("mongodb").toString(), this.version),
					new TcpPort(host, ports.mongodb())));
		}
		infra.add(new ComponentSpec("ldap", Kind.INFRASTRUCTURE,
				infraCommand("io.iotp.bootstrapper.infra.LdapServerMain", "-Xmx96m", host, String.valueOf(ports.ldap()),
						this.layout.ldapDir().toString(), this.layout.adminCredentialsFile().toString(),
						this.principals.clientFile("ldap").toString(), this.version),
				new TcpPort(host, ports.ldap())));
		if (this.registry.wanted()) {
			infra.add(new ComponentSpec("registry", Kind.INFRASTRUCTURE, this.registry.command(),
					new TcpPort(host, ports.registry())));
		}
		if (this.layout.placement().fleetMember()) {
			infra.add(blobStore(host, ports.blobStore()));
		}
		return infra;
	}

	/**
	 * A fleet's blob store, which every node reads app packages from: Azurite (Node.js),
	 * with the fleet's account, its key in the environment rather than on the command
	 * line.
	 */
	private ComponentSpec blobStore(String host, int port) {
		Path azurite = this.layout.projectRoot().resolve(AZURITE);
		List<String> command = List.of(azurite.toString(), "--blobHost", host, "--blobPort", String.valueOf(port),
				"--location", this.layout.dataDir().resolve("azurite").toString(), "--skipApiVersionCheck", "--loose",
				"--disableTelemetry");
		Map<String, String> environment = new HashMap<>();
		Path accounts = this.layout.dataDir().resolve(FleetSecrets.BLOB_ACCOUNTS_FILE);
		try {
			if (Files.isRegularFile(accounts)) {
				environment.put("AZURITE_ACCOUNTS", Files.readString(accounts, StandardCharsets.UTF_8).strip());
			}
		}
		catch (IOException ex) {
			throw new PlatformException("cannot read " + accounts + ": " + ex.getMessage(), ex);
		}
		return new ComponentSpec("blob-store", Kind.INFRASTRUCTURE, command, new TcpPort(host, port), environment);
	}

	public List<ComponentSpec> services() {
		List<ComponentSpec> services = new ArrayList<>();
		if (this.layout.placement().services()) {
			for (String service : SERVICES) {
				services.add(service(service, port(service), Kind.SERVICE, service.equals("api-gateway")
						? directoryAccess()
						: service.equals("monitoring") ? RestartCommand.monitoringArguments(this.layout) : List.of()));
			}
		}
		if (!this.layout.placement().apps()) {
			return services;
		}
		services.add(service(NODE_AGENT, this.layout.ports().nodeAgent(), Kind.NODE_AGENT,
				// The local agent stops its instances when it is stopped, so iotp down
				// leaves nothing behind,
				// even instances it re-adopted after a crash (those are no longer its
				// children).
				nodeAgentArguments()));
		return services;
	}

	private List<String> nodeAgentArguments() {
		NodePlacement placement = this.layout.placement();
		String nodeId = placement.nodeId();
		List<String> arguments = new ArrayList<>(List.of("--iotp.platform.kind=NODE_AGENT", "--iotp.node.id=" + nodeId,
				"--iotp.node.address=" + this.layout.bindAddress(), "--iotp.node.stop-instances-on-shutdown=true",
				"--iotp.node.work-dir=" + this.layout.dataDir().resolve("nodes").resolve(nodeId)));
		placement.labels().forEach((name, value) -> arguments.add("--iotp.node.labels." + name + "=" + value));
		if (placement.cpu() > 0) {
			arguments.add("--iotp.node.capacity.cpu=" + placement.cpu());
		}
		if (placement.memoryMb() > 0) {
			arguments.add("--iotp.node.capacity.memory-mb=" + placement.memoryMb());
		}
		if (this.registry.wanted()) {
			arguments.addAll(this.registry.agentArguments());
		}
		// containers read their deployment's topics through the agent's relay to this
		// listener
		arguments.add("--iotp.node.docker.kafka-apps-listener=" + this.layout.placement().infraAddress() + ":"
				+ this.layout.ports().kafkaApps());
		arguments.add("--iotp.node.docker.kafka-apps-host=" + KafkaPrincipals.APPS_HOST);
		return arguments;
	}

	/** What the gateway needs to register and log in users in the embedded directory. */
	private List<String> directoryAccess() {
		return List.of("--iotp.ldap.base=" + LdapDirectory.BASE_DN,
				"--iotp.ldap.manager-dn=" + LdapDirectory.MANAGER_DN, "--iotp.ldap.manager-password-file="
						+ this.layout.ldapDir().resolve(LdapDirectory.MANAGER_SECRET_FILE));
	}

	/** The port the named platform service listens on. */
	public int port(String service) {
		Ports ports = this.layout.ports();
		return switch (service) {
			case "app-controller" -> ports.appController();
			case "deployer" -> ports.deployer();
			case "node-manager" -> ports.nodeManager();
			case "sensor-manager" -> ports.sensorManager();
			case "monitoring" -> ports.monitoring();
			case "logger" -> ports.logger();
			case "api-gateway" -> ports.gateway();
			case NODE_AGENT -> ports.nodeAgent();
			default -> throw new IllegalArgumentException("unknown service " + service);
		};
	}

	/**
	 * The JVM options a service runs with (a start-up cache is made for exactly these).
	 */
	List<String> jvmOptions(String service) {
		if (ON_THE_DATA_PATH.contains(service)) {
			return this.layout.serviceJvmOptions()
				.stream()
				.filter(option -> !option.startsWith("-XX:TieredStopAtLevel"))
				.toList();
		}
		return this.layout.serviceJvmOptions();
	}

	private ComponentSpec service(String name, int port, Kind kind, List<String> extraArguments) {
		List<String> command = new ArrayList<>();
		if (this.layout.placement().fleetMember() && this.layout.placement().brokerId() > 0) {
			// Beside a broker of a fleet, the services (and the agent's apps) yield the
			// processor to it: a broker or controller starved of it falls behind, its
			// followers drop out of the in-sync replicas, and losing one more node then
			// stops writes to their partitions.
			command.addAll(List.of("nice", "-n", "10"));
		}
		command.add(this.layout.javaCommand());
		command.addAll(jvmOptions(name));
		command.add("-Diotp.data-dir=" + this.layout.dataDir());
		command.addAll(this.launch.apply(name));
		command.add("--spring.application.name=" + name);
		command.add("--server.address=" + this.layout.bindAddress());
		command.add("--server.port=" + port);
		command.add("--spring.kafka.bootstrap-servers=" + this.layout.kafkaBootstrap());
		command.addAll(this.principals.serviceArguments(name));
		command.add("--spring.mongodb.uri=" + this.layout.mongoUri());
		command.add("--spring.mongodb.database=iotp-" + name);
		command.add("--iotp.platform.version=" + this.version);
		command.add("--iotp.data-dir=" + this.layout.dataDir());
		command.add("--iotp.blob-store.dir=" + this.layout.blobDir());
		command.add("--iotp.ldap.url=" + this.layout.ldapUrl());
		command.add("--iotp.gateway-url=" + this.layout.gatewayUrl());
		if (this.layout.placement().fleetMember() && this.layout.placement().services()) {
			// the node holds the fleet's signing key (FleetSecrets): tokens are checked
			// with it, not with a key set fetched from a gateway that may be starting
			command.add("--iotp.security.public-key-location=" + this.layout.dataDir().resolve(GatewaySigningKey.FILE));
		}
		else {
			command.add("--iotp.security.jwks-url=" + this.layout.serviceUrl(this.layout.ports().gateway())
					+ "/api/auth/jwks");
		}
		for (String service : SERVICES) {
			command.add("--iotp.services." + service + "=" + this.layout.serviceUrl(port(service)));
		}
		command.addAll(extraArguments);
		if (name.equals("deployer")) {
			command.addAll(this.principals.deployerArguments());
		}
		if (this.layout.placement().fleetMember() && (name.equals("app-controller") || name.equals(NODE_AGENT))) {
			// the fleet's blob store: app-controller writes, agents read
			command.add("--spring.config.import=file:" + this.layout.dataDir()
				.resolve(name.equals(NODE_AGENT) ? FleetSecrets.BLOB_READER_FILE : FleetSecrets.BLOB_WRITER_FILE));
		}
		if (name.equals("sensor-manager")) {
			// the embedded MQTT server devices publish readings to
			command.add("--iotp.sensors.mqtt.host=" + this.layout.bindAddress());
			command.add("--iotp.sensors.mqtt.port=" + this.layout.ports().mqtt());
		}
		command.addAll(this.layout.serviceArguments());
		return new ComponentSpec(name, kind, command,
				new ActuatorHealth("http://" + this.layout.bindAddress() + ":" + port + "/actuator/health"));
	}

	private List<String> infraCommand(String mainClass, String heap, String... arguments) {
		List<String> command = new ArrayList<>(
				List.of(this.layout.javaCommand(), heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
						"-Dlog4j2.configurationFile=" + new KafkaSetup(this.layout).log4jFile(), "-cp",
						this.layout.bootstrapperJar().toString(), mainClass));
		command.addAll(List.of(arguments));
		return command;
	}

}
