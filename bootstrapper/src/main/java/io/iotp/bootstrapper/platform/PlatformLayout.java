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
 */
public record PlatformLayout(Path projectRoot, Path dataDir, Ports ports, @Nullable String externalMongoUri,
		String javaCommand, List<String> serviceJvmOptions, List<String> serviceArguments) {

	public PlatformLayout {
		serviceJvmOptions = List.copyOf(serviceJvmOptions);
		serviceArguments = List.copyOf(serviceArguments);
	}

	/**
	 * Small heaps, serial GC and the C1 compiler only: ten JVMs must share two cores and
	 * start fast.
	 */
	public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=160m");

	public static final String HOST = "127.0.0.1";

	/** The same platform with its files in {@code dir}. */
	public PlatformLayout withDataDir(Path dir) {
		return new PlatformLayout(this.projectRoot, dir, this.ports, this.externalMongoUri, this.javaCommand,
				this.serviceJvmOptions, this.serviceArguments);
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

	public Path adminCredentialsFile() {
		return this.dataDir.resolve("admin-credentials");
	}

	public String kafkaBootstrap() {
		return HOST + ":" + this.ports.kafka();
	}

	public String mongoUri() {
		return (this.externalMongoUri != null) ? this.externalMongoUri
				: "mongodb://" + HOST + ":" + this.ports.mongodb();
	}

	public String ldapUrl() {
		return "ldap://" + HOST + ":" + this.ports.ldap();
	}

	public String gatewayUrl() {
		return "http://localhost:" + this.ports.gateway();
	}

	public Path bootstrapperJar() {
		return this.projectRoot.resolve("bootstrapper").resolve("target").resolve("bootstrapper.jar");
	}

	public Path serviceJar(String module) {
		return this.projectRoot.resolve(module).resolve("target").resolve(module + ".jar");
	}

}
