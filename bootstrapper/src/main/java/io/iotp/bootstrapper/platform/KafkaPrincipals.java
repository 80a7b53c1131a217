package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;

import io.iotp.contracts.TopicNames;

/**
 * Who may talk to the embedded Kafka broker, and what each may do there. Nobody gets in
 * without a password: the broker and the bootstrapper log in with SASL/PLAIN (users the
 * broker's configuration names), every platform service, the node agent and the
 * infrastructure's heartbeats with SASL/SCRAM-SHA-256 under a principal of their own, and
 * each deployment with {@code kafka} delivery under one the deployer makes for it. The
 * broker's authorizer allows only what an ACL grants.
 * <p>
 * Passwords are made on first start and kept in {@code <data>/kafka/principals/}, a
 * folder only the platform's user may enter; each principal's client settings are written
 * there on every start: {@code <name>.properties} as Kafka's tools read them and, for
 * services, {@code <name>.spring.properties} as Spring Boot imports them.
 */
public final class KafkaPrincipals {

	/** The mechanism of every principal but the broker's and the bootstrapper's. */
	public static final String SCRAM = "SCRAM-SHA-256";

	/** The broker itself, between its listeners. A super user. */
	static final String BROKER = "broker";

	/** The bootstrapper, the tests and the benchmarks. A super user. */
	public static final String ADMIN = "admin";

	/** The name app containers reach the broker's app listener by. */
	public static final String APPS_HOST = "iotp-kafka";

	private static final List<String> INFRASTRUCTURE = List.of("mongodb", "ldap");

	private static final int SCRAM_ITERATIONS = 4096;

	private final Path dir;

	private final boolean fleetMember;

	private final Path tlsDir;

	public KafkaPrincipals(PlatformLayout layout) {
		this.dir = layout.kafkaDir().resolve("principals");
		this.tlsDir = layout.kafkaDir().resolve("tls");
		this.fleetMember = layout.placement().fleetMember();
	}

	/**
	 * The certificate of the platform's authority, which a fleet's Kafka clients and
	 * brokers trust (see {@link PlatformCa}).
	 */
	Path trustFile() {
		return this.tlsDir.resolve("ca.pem");
	}

	/** A fleet broker's key and certificate chain, PEM. */
	Path brokerKeyStoreFile() {
		return this.tlsDir.resolve("broker.pem");
	}

	public Path dir() {
		return this.dir;
	}

	/** The SCRAM principals: every service, the node agent, the infrastructure. */
	static List<String> scramPrincipals() {
		List<String> names = new ArrayList<>(PlatformComponents.SERVICES);
		names.add(PlatformComponents.NODE_AGENT);
		names.addAll(INFRASTRUCTURE);
		return names;
	}

	/**
	 * Makes the passwords that are missing and writes every principal's client settings.
	 * A node of a fleet makes none: the fleet's bootstrapper gave it the passwords of the
	 * principals that run there, and only theirs.
	 */
	void prepare(String bootstrapServers) throws IOException {
		PrivateFiles.createDirectory(this.dir);
		Map<String, String> passwords = passwords();
		boolean changed = false;
		List<String> everyone = new ArrayList<>(List.of(BROKER, ADMIN));
		everyone.addAll(scramPrincipals());
		if (this.fleetMember) {
			everyone.retainAll(passwords.keySet());
		}
		for (String name : everyone) {
			if (!passwords.containsKey(name)) {
				passwords.put(name, PrivateFiles.newPassword());
				changed = true;
			}
		}
		if (changed) {
			StringBuilder text = new StringBuilder("# Kafka passwords of the platform's principals\n");
			new TreeMap<>(passwords)
				.forEach((name, password) -> text.append(name).append('=').append(password).append('\n'));
			PrivateFiles.write(passwordsFile(), text.toString());
		}
		if (!Files.isRegularFile(deploymentSecretFile())) {
			PrivateFiles.write(deploymentSecretFile(), PrivateFiles.newPassword() + "\n");
		}
		Path trust = this.fleetMember ? requireTls(trustFile()) : null;
		for (String name : everyone) {
			if (name.equals(BROKER)) {
				continue;
			}
			Map<String, String> client = clientSettings(name, passwords.get(name), trust);
			StringBuilder raw = new StringBuilder("# written by iotp up on every start\n");
			raw.append("bootstrap.servers=").append(bootstrapServers).append('\n');
			client.forEach((key, value) -> raw.append(key).append('=').append(value).append('\n'));
			PrivateFiles.write(clientFile(name), raw.toString());
			if (PlatformComponents.SERVICES.contains(name) || name.equals(PlatformComponents.NODE_AGENT)) {
				StringBuilder spring = new StringBuilder("# written by iotp up on every start\n");
				client.forEach((key, value) -> spring.append("spring.kafka.properties.")
					.append(key)
					.append('=')
					.append(value)
					.append('\n'));
				PrivateFiles.write(springFile(name), spring.toString());
			}
		}
	}

	/** Tools' client settings of a principal, bootstrap servers included. */
	public Path clientFile(String name) {
		return this.dir.resolve(name + ".properties");
	}

	/** A service's client settings, as {@code spring.config.import} reads them. */
	Path springFile(String name) {
		return this.dir.resolve(name + ".spring.properties");
	}

	/**
	 * The key the deployer derives each deployment's Kafka password from: the same
	 * deployment always gets the same password, and nothing has to be stored.
	 */
	Path deploymentSecretFile() {
		return this.dir.resolve("deployment-credentials.secret");
	}

	/**
	 * The passwords of the named principals, as a passwords file for a node of a fleet.
	 */
	String passwordsFor(List<String> names) {
		Map<String, String> passwords = passwords();
		StringBuilder text = new StringBuilder("# Kafka passwords of the principals that run on this node\n");
		names.stream()
			.filter(passwords::containsKey)
			.sorted()
			.forEach((name) -> text.append(name).append('=').append(passwords.get(name)).append('\n'));
		return text.toString();
	}

	Path passwordsFile() {
		return this.dir.resolve("passwords.properties");
	}

	/**
	 * The settings of a client that logs in as {@code name}: the configuration a
	 * {@code KafkaProducer}, {@code KafkaConsumer} or {@code Admin} is created with.
	 */
	public Map<String, Object> clientConfig(String name) {
		Properties properties = load(clientFile(name));
		Map<String, Object> config = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((key) -> config.put(key, properties.getProperty(key)));
		return config;
	}

	/**
	 * The broker's part of the configuration: listeners, the mechanisms each accepts, the
	 * PLAIN users and the authorizer. Containers reach the app listener through the node
	 * agent's relay, by the name {@link #APPS_HOST}.
	 */
	List<String> brokerProperties(String host, int port, int appsPort, int controllerPort, boolean controller) {
		Map<String, String> passwords = passwords();
		String broker = passwords.get(BROKER);
		String plainBroker = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER
				+ "\" password=\"" + broker + "\" user_" + BROKER + "=\"" + broker + "\"";
		// between the nodes of a fleet, brokers and the platform's clients talk TLS; the
		// app listener is reached through each node's relay and keeps SCRAM alone
		String between = this.fleetMember ? "SASL_SSL" : "SASL_PLAINTEXT";
		List<String> tls = this.fleetMember
				? List.of("ssl.keystore.type=PEM", "ssl.keystore.location=" + requireTls(brokerKeyStoreFile()),
						"ssl.truststore.type=PEM", "ssl.truststore.location=" + requireTls(trustFile()))
				: List.of();
		List<String> properties = new ArrayList<>(List.of(
				"listeners=INTERNAL://" + host + ":" + port + ",APPS://" + host + ":" + appsPort
						+ (controller ? ",CONTROLLER://" + host + ":" + controllerPort : ""),
				"advertised.listeners=INTERNAL://" + host + ":" + port + ",APPS://" + APPS_HOST + ":" + appsPort,
				"listener.security.protocol.map=INTERNAL:" + between + ",APPS:SASL_PLAINTEXT,CONTROLLER:" + between,
				"inter.broker.listener.name=INTERNAL", "controller.listener.names=CONTROLLER",
				"sasl.enabled.mechanisms=PLAIN," + SCRAM, "sasl.mechanism.inter.broker.protocol=PLAIN",
				"sasl.mechanism.controller.protocol=PLAIN",
				"listener.name.internal.sasl.enabled.mechanisms=PLAIN," + SCRAM,
				"listener.name.internal.plain.sasl.jaas.config=" + plainBroker + " user_" + ADMIN + "=\""
						+ passwords.get(ADMIN) + "\";",
				"listener.name.internal.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
				"listener.name.apps.sasl.enabled.mechanisms=" + SCRAM,
				"listener.name.apps.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
				"listener.name.controller.sasl.enabled.mechanisms=PLAIN",
				"listener.name.controller.plain.sasl.jaas.config=" + plainBroker + ";",
				"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
				"super.users=User:" + BROKER + ";User:" + ADMIN, "allow.everyone.if.no.acl.found=false"));
		properties.addAll(tls);
		return properties;
	}

	private Path requireTls(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new PlatformException("this node of a fleet has no " + file + ": run iotp up --nodes again on the "
					+ "machine that keeps the fleet's secrets, which gives every node its certificates");
		}
		return file;
	}

	/**
	 * Gives every SCRAM principal its password and its ACLs; both are idempotent, so this
	 * runs on every start. Services may use every topic and group (they are the
	 * platform); the deployer may also manage credentials and ACLs (it makes the
	 * deployments' principals); the infrastructure may only send its heartbeats.
	 */
	void provision(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
		Map<String, String> passwords = passwords();
		List<UserScramCredentialUpsertion> credentials = scramPrincipals().stream()
			.map((name) -> new UserScramCredentialUpsertion(name,
					new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS), passwords.get(name)))
			.collect(Collectors.toList());
		admin.alterUserScramCredentials(List.copyOf(credentials)).all().get(30, TimeUnit.SECONDS);
		List<AclBinding> acls = new ArrayList<>();
		for (String name : scramPrincipals()) {
			if (INFRASTRUCTURE.contains(name)) {
				acls.add(allow(name, ResourceType.TOPIC, TopicNames.HEARTBEAT, AclOperation.WRITE));
				acls.add(allow(name, ResourceType.TOPIC, TopicNames.HEARTBEAT, AclOperation.DESCRIBE));
				continue;
			}
			acls.add(allow(name, ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE, AclOperation.ALL));
			acls.add(allow(name, ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, AclOperation.ALL));
			acls.add(allow(name, ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE));
			if (name.equals("deployer")) {
				acls.add(allow(name, ResourceType.CLUSTER, "kafka-cluster", AclOperation.ALTER));
			}
		}
		admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
	}

	/** What tells a service who it is on Kafka. */
	List<String> serviceArguments(String service) {
		return List.of("--spring.config.import=file:" + springFile(service));
	}

	/** What tells the deployer how to make deployments' credentials. */
	List<String> deployerArguments() {
		return List.of("--iotp.deployer.app-kafka.secret-file=" + deploymentSecretFile());
	}

	private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
		return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
				new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
	}

	/**
	 * @param trustFile the authority a fleet's brokers are checked against, or null on
	 * one machine, where nothing leaves it
	 */
	private static Map<String, String> clientSettings(String name, String password, @Nullable Path trustFile) {
		boolean plain = name.equals(ADMIN);
		String module = plain ? "org.apache.kafka.common.security.plain.PlainLoginModule"
				: "org.apache.kafka.common.security.scram.ScramLoginModule";
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("security.protocol", (trustFile != null) ? "SASL_SSL" : "SASL_PLAINTEXT");
		if (trustFile != null) {
			settings.put("ssl.truststore.type", "PEM");
			settings.put("ssl.truststore.location", trustFile.toString());
		}
		settings.put("sasl.mechanism", plain ? "PLAIN" : SCRAM);
		settings.put("sasl.jaas.config", module + " required username=\"" + name + "\" password=\"" + password + "\";");
		return settings;
	}

	private Map<String, String> passwords() {
		Map<String, String> passwords = new LinkedHashMap<>();
		if (!Files.isRegularFile(passwordsFile())) {
			return passwords;
		}
		Properties properties = load(passwordsFile());
		properties.stringPropertyNames().forEach((name) -> passwords.put(name, properties.getProperty(name)));
		return passwords;
	}

	private static Properties load(Path file) {
		Properties properties = new Properties();
		try (Reader reader = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
		return properties;
	}

}
