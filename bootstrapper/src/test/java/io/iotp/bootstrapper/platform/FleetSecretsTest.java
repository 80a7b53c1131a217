package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node of a fleet gets the secrets of what runs there and nothing more; the node
 * plan it gets reads back as it was written.
 */
class FleetSecretsTest {

	@TempDir
	Path dir;

	private final NodePlacement infra = placement("node-1", true, false, false);

	private final NodePlacement services = placement("node-2", false, true, false);

	private final NodePlacement apps = placement("node-3", false, false, true);

	@Test
	void anAppsNodeGetsTheAgentsKafkaPasswordAndReadOnlyBlobAccessOnly() throws IOException {
		FleetSecrets secrets = new FleetSecrets(this.dir);
		secrets.prepare();

		Map<String, String> files = secrets.forNode(this.apps);

		assertThat(files).containsOnlyKeys(DataDirectory.MARKER, "kafka/principals/passwords.properties",
				"kafka/tls/ca.pem", FleetSecrets.BLOB_READER_FILE);
		assertThat(files.get("kafka/tls/ca.pem"))
			.isEqualTo(Files.readString(this.dir.resolve(PlatformCa.CERTIFICATE_FILE)));
		assertThat(properties(files.get("kafka/principals/passwords.properties")).stringPropertyNames())
			.containsExactly(PlatformComponents.NODE_AGENT);
		Properties reader = properties(files.get(FleetSecrets.BLOB_READER_FILE));
		assertThat(reader.getProperty("iotp.blob-store.azure.account-url")).isEqualTo("http://127.0.0.21:10000/iotp");
		// a service SAS that reads the container, and no account key anywhere
		assertThat(reader.getProperty("iotp.blob-store.azure.sas-token")).contains("sp=r&").contains("sr=c");
		String accountKey = Files.readString(this.dir.resolve("blob-store/account-key")).strip();
		assertThat(String.join("\n", files.values())).doesNotContain(accountKey);
	}

	@Test
	void theServicesNodeGetsTheServicesPasswordsAndWriteAccessButNoBrokerOrAdminPassword() throws IOException {
		FleetSecrets secrets = new FleetSecrets(this.dir);
		secrets.prepare();

		Map<String, String> files = secrets.forNode(this.services);

		assertThat(properties(files.get("kafka/principals/passwords.properties")).stringPropertyNames())
			.containsExactlyInAnyOrderElementsOf(PlatformComponents.SERVICES);
		assertThat(files)
			.containsKeys("kafka/principals/deployment-credentials.secret", "ldap/manager-secret",
					FleetSecrets.BLOB_WRITER_FILE)
			.doesNotContainKeys(FleetSecrets.BLOB_READER_FILE, FleetSecrets.BLOB_ACCOUNTS_FILE);
		assertThat(files.get(FleetSecrets.BLOB_WRITER_FILE))
			.contains("AccountName=iotp;AccountKey="
					+ Files.readString(this.dir.resolve("blob-store/account-key")).strip())
			.contains("BlobEndpoint=http://127.0.0.21:10000/iotp;");
	}

	@Test
	void theInfrastructuresNodeProvisionsEveryPrincipalAndRunsTheBlobStoresAccount() throws IOException {
		FleetSecrets secrets = new FleetSecrets(this.dir);
		secrets.prepare();

		Map<String, String> files = secrets.forNode(this.infra);

		assertThat(properties(files.get("kafka/principals/passwords.properties")).stringPropertyNames())
			.contains("broker", "admin", "mongodb", "ldap", "node-agent")
			.containsAll(PlatformComponents.SERVICES);
		assertThat(files.get(FleetSecrets.BLOB_ACCOUNTS_FILE)).startsWith("iotp:");
		assertThat(files.get("kafka/cluster-id")).matches("[A-Za-z0-9_-]{22}\\n");
		// its broker's key and certificate, and never the authority's key
		assertThat(files.get("kafka/tls/broker.pem")).startsWith("-----BEGIN PRIVATE KEY-----")
			.endsWith(files.get("kafka/tls/ca.pem"));
		String authorityKey = Files.readString(this.dir.resolve(PlatformCa.KEY_FILE)).lines().skip(1).findFirst().get();
		assertThat(String.join("\n", files.values())).doesNotContain(authorityKey);
		assertThat(files).doesNotContainKeys("kafka/principals/deployment-credentials.secret",
				FleetSecrets.BLOB_WRITER_FILE, FleetSecrets.BLOB_READER_FILE);
	}

	@Test
	void secretsAreMadeOnceAndKeptAcrossRuns() throws IOException {
		FleetSecrets first = new FleetSecrets(this.dir);
		first.prepare();
		String before = first.forNode(this.services).get("kafka/principals/passwords.properties");

		FleetSecrets again = new FleetSecrets(this.dir);
		again.prepare();

		assertThat(again.forNode(this.services).get("kafka/principals/passwords.properties")).isEqualTo(before);
	}

	@Test
	void aNodePlanReadsBackAsItWasWritten() throws IOException {
		NodePlacement labelled = new NodePlacement("node-3", "127.0.0.23", "127.0.0.21", "127.0.0.22", false, false,
				true, Map.of("zone", "c: north=1", "rack", "7"), 2.5, 2048,
				"mongodb://iotp:s3cret@db-1.example.org,db-2.example.org/?replicaSet=rs0",
				List.of("127.0.0.21", "127.0.0.22", "127.0.0.23"));
		Path plan = Files.writeString(this.dir.resolve("node.properties"), labelled.plan());

		assertThat(NodePlacement.read(plan)).isEqualTo(labelled);
		assertThat(labelled.fleetMember()).isTrue();
		assertThat(NodePlacement.singleMachine().fleetMember()).isFalse();
	}

	@Test
	void withAnExternalStoreTheInfrastructuresNodeRunsNoStoreAndEveryServiceUsesTheExternalOne() {
		String uri = "mongodb://iotp:s3cret@db-1.example.org/?replicaSet=rs0";
		NodePlacement both = new NodePlacement("node-1", "127.0.0.21", "127.0.0.21", "127.0.0.21", true, true, false,
				Map.of(), 0, 0, uri, List.of("127.0.0.21"));
		PlatformLayout layout = new PlatformLayout(this.dir, this.dir.resolve("data"), Ports.defaults(), uri,
				"/jdk/bin/java", List.of(), List.of(), both);

		PlatformComponents components = new PlatformComponents(layout, "test");

		assertThat(components.infrastructure()).extracting(ComponentSpec::name)
			.containsExactly("kafka", "ldap", "blob-store");
		assertThat(components.services()).allSatisfy((service) -> assertThat(service.command())
			.contains("--spring.mongodb.uri=" + uri, "--server.address=127.0.0.21"));
	}

	@Test
	void threeBrokersFormAQuorumOfThreeWithThreeReplicasAndTwoInSync() {
		List<String> brokers = List.of("127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24");
		NodePlacement fourth = new NodePlacement("node-4", "127.0.0.24", "127.0.0.21", "127.0.0.22", false, false, true,
				Map.of(), 0, 0, null, brokers);
		NodePlacement appsOnly = new NodePlacement("node-5", "127.0.0.25", "127.0.0.21", "127.0.0.22", false, false,
				true, Map.of(), 0, 0, null, brokers);
		PlatformLayout layout = new PlatformLayout(this.dir, this.dir.resolve("data"), Ports.defaults(), null,
				"/jdk/bin/java", List.of(), List.of(), fourth);

		assertThat(fourth.brokerId()).isEqualTo(4);
		assertThat(appsOnly.brokerId()).isZero();
		assertThat(fourth.replicationFactor()).isEqualTo(3);
		assertThat(fourth.minInSyncReplicas()).isEqualTo(2);
		assertThat(NodePlacement.singleMachine().replicationFactor()).isEqualTo(1);
		assertThat(NodePlacement.singleMachine().minInSyncReplicas()).isEqualTo(1);
		assertThat(layout.kafkaBootstrap())
			.isEqualTo("127.0.0.21:9092,127.0.0.22:9092,127.0.0.23:9092,127.0.0.24:9092");
		assertThat(new PlatformComponents(layout, "test").infrastructure()).extracting(ComponentSpec::name)
			.containsExactly("kafka");
	}

	@Test
	void aBrokerAfterTheQuorumIsABrokerOnlyAndEveryBrokerKnowsTheThreeControllers() throws Exception {
		List<String> brokers = List.of("127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24");
		NodePlacement fourth = new NodePlacement("node-4", "127.0.0.24", "127.0.0.21", "127.0.0.22", false, false,
				false, Map.of(), 0, 0, null, brokers);
		PlatformLayout layout = new PlatformLayout(this.dir, this.dir.resolve("data"), Ports.defaults(), null,
				"/jdk/bin/java", List.of(), List.of(), fourth);
		Files.createDirectories(layout.kafkaDir().resolve("data"));
		Files.writeString(layout.kafkaDir().resolve("data/meta.properties"), "formatted already\n");
		FleetSecrets secrets = new FleetSecrets(this.dir.resolve("fleet"));
		secrets.prepare();
		for (Map.Entry<String, String> file : secrets.forNode(fourth).entrySet()) {
			Files.createDirectories(layout.dataDir().resolve(file.getKey()).getParent());
			Files.writeString(layout.dataDir().resolve(file.getKey()), file.getValue());
		}

		new KafkaSetup(layout).prepare();

		Properties server = properties(Files.readString(new KafkaSetup(layout).propertiesFile()));
		assertThat(server.getProperty("process.roles")).isEqualTo("broker");
		assertThat(server.getProperty("node.id")).isEqualTo("4");
		assertThat(server.getProperty("controller.quorum.voters"))
			.isEqualTo("1@127.0.0.21:9093,2@127.0.0.22:9093,3@127.0.0.23:9093");
		assertThat(server.getProperty("listeners")).doesNotContain("CONTROLLER");
		assertThat(server.getProperty("default.replication.factor")).isEqualTo("3");
		assertThat(server.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
		// TLS between the nodes, with the certificate made for this broker's address
		assertThat(server.getProperty("listener.security.protocol.map"))
			.isEqualTo("INTERNAL:SASL_SSL,APPS:SASL_PLAINTEXT,CONTROLLER:SASL_SSL");
		assertThat(server.getProperty("ssl.keystore.location"))
			.isEqualTo(layout.kafkaDir().resolve("tls/broker.pem").toString());
		assertThat(server.getProperty("ssl.truststore.location"))
			.isEqualTo(layout.kafkaDir().resolve("tls/ca.pem").toString());
	}

	@Test
	void aFleetNodesClientsTalkTlsToTheBrokersAndTrustThePlatformsAuthorityAlone() throws Exception {
		NodePlacement services = placement("node-2", false, true, false);
		PlatformLayout layout = new PlatformLayout(this.dir, this.dir.resolve("data"), Ports.defaults(), null,
				"/jdk/bin/java", List.of(), List.of(), services);
		FleetSecrets secrets = new FleetSecrets(this.dir.resolve("fleet"));
		secrets.prepare();
		for (Map.Entry<String, String> file : secrets.forNode(services).entrySet()) {
			Files.createDirectories(layout.dataDir().resolve(file.getKey()).getParent());
			Files.writeString(layout.dataDir().resolve(file.getKey()), file.getValue());
		}

		new KafkaPrincipals(layout).prepare(layout.kafkaBootstrap());

		Properties client = properties(Files.readString(new KafkaPrincipals(layout).clientFile("logger")));
		assertThat(client.getProperty("security.protocol")).isEqualTo("SASL_SSL");
		assertThat(client.getProperty("ssl.truststore.type")).isEqualTo("PEM");
		assertThat(client.getProperty("ssl.truststore.location"))
			.isEqualTo(layout.kafkaDir().resolve("tls/ca.pem").toString());
		assertThat(client.getProperty("ssl.endpoint.identification.algorithm")).as("Kafka's default: https").isNull();
		Properties spring = properties(
				Files.readString(layout.kafkaDir().resolve("principals/logger.spring.properties")));
		assertThat(spring.getProperty("spring.kafka.properties.security.protocol")).isEqualTo("SASL_SSL");
	}

	private static NodePlacement placement(String name, boolean infra, boolean services, boolean apps) {
		return new NodePlacement(name, "127.0.0." + (20 + name.charAt(name.length() - 1) - '0'), "127.0.0.21",
				"127.0.0.22", infra, services, apps, Map.of(), 0, 0, null, List.of("127.0.0.21"));
	}

	private static Properties properties(String text) throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(text));
		return properties;
	}

}
