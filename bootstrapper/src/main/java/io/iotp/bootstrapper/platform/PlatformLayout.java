package io.iotp.bootstrapper.platform;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where everything of one platform lives and how to reach it.
 *
 * @param projectRoot the checkout, whose modules' {@code target/} folders hold the jars
 * to run
 * @param dataDir all state: Kafka log, document store, directory, blobs, logs, pid files
 * @param ports every listening port
 * @param externalMongoUri a {@code mongodb://} URI to use instead of the embedded store,
 * or null
 * @param javaCommand the java launcher the components run with
 * @param serviceJvmOptions JVM options for each platform service
 * @param serviceArguments extra {@code --name=value} arguments for every platform
 * service, after the platform's own (so they win)
 * @param placement what runs on this machine and where the rest is
 */
public record PlatformLayout(Path projectRoot, Path dataDir, Ports ports, @Nullable String externalMongoUri,
		String javaCommand, List<String> serviceJvmOptions, List<String> serviceArguments, NodePlacement placement) {

	public PlatformLayout {
		serviceJvmOptions = List.copyOf(serviceJvmOptions);
		serviceArguments = List.copyOf(serviceArguments);
	}

	/** The whole platform on this machine. */
	public PlatformLayout(Path projectRoot, Path dataDir, Ports ports, @Nullable String externalMongoUri,
			String javaCommand, List<String> serviceJvmOptions, List<String> serviceArguments) {
		this(projectRoot, dataDir, ports, externalMongoUri, javaCommand, serviceJvmOptions, serviceArguments,
				NodePlacement.singleMachine());
	}

	/**
	 * Small heaps, serial GC and the C1 compiler only: ten JVMs must share two cores and
	 * start fast.
	 */
	public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=160m");

	public static final String HOST = NodePlacement.LOOPBACK;

	/** The same platform with its files in {@code dir}. */
	public PlatformLayout withDataDir(Path dir) {
		return new PlatformLayout(this.projectRoot, dir, this.ports, this.externalMongoUri, this.javaCommand,
				this.serviceJvmOptions, this.serviceArguments, this.placement);
	}

	/** The address this machine's components listen on. */
	public String bindAddress() {
		return this.placement.bindAddress();
	}

	public Path runDir() {
		return this.dataDir.resolve("run");
	}

	public Path logDir() {
		return this.dataDir.resolve("logs");
	}

	public Path kafkaDir() {
		return this.dataDir.resolve("kafka");
	}

	public Path mongoFile() {
		return this.dataDir.resolve("mongodb").resolve("iotp.mv.db");
	}

	public Path ldapDir() {
		return this.dataDir.resolve("ldap");
	}

	public Path blobDir() {
		return this.dataDir.resolve("blobs");
	}

	/** Where a node of a fleet keeps its node plan ({@link NodePlacement#read(Path)}). */
	public Path nodePlanFile() {
		return this.dataDir.resolve("node.properties");
	}

	public Path adminCredentialsFile() {
		return this.dataDir.resolve("admin-credentials");
	}

	/** Every broker, as clients bootstrap from them. */
	public String kafkaBootstrap() {
		return String.join(",",
				this.placement.brokers().stream().map((broker) -> broker + ":" + this.ports.kafka()).toList());
	}

	public String mongoUri() {
		return (this.externalMongoUri != null) ? this.externalMongoUri
				: "mongodb://" + this.placement.infraAddress() + ":" + this.ports.mongodb();
	}

	public String ldapUrl() {
		return "ldap://" + this.placement.infraAddress() + ":" + this.ports.ldap();
	}

	public String gatewayUrl() {
		String host = this.placement.servicesAddress();
		return "http://" + (host.equals(HOST) ? "localhost" : host) + ":" + this.ports.gateway();
	}

	/** A platform service's base URL, where the services run. */
	public String serviceUrl(int port) {
		return "http://" + this.placement.servicesAddress() + ":" + port;
	}

	public Path bootstrapperJar() {
		return this.projectRoot.resolve("bootstrapper").resolve("target").resolve("bootstrapper.jar");
	}

	public Path serviceJar(String module) {
		return this.projectRoot.resolve(module).resolve("target").resolve(module + ".jar");
	}

}
