package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.unboundid.ldap.sdk.LDAPConnection;

import io.iotp.bootstrapper.platform.ComponentStatus;
import io.iotp.bootstrapper.platform.KafkaPrincipals;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformComponents;
import io.iotp.contracts.TopicNames;
import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.heartbeat.HeartbeatStatus;
import io.iotp.contracts.messaging.EnvelopeCodec;

/**
 * The whole platform, started the way {@code iotp up} starts it: every component healthy,
 * every one heartbeating on Kafka, and data that survives {@code down} and {@code up}.
 */
@ExtendWith(SharedPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformSystemIT {

	private static final List<String> HEARTBEATING = List.of("app-controller", "deployer", "node-manager",
			"sensor-manager", "monitoring", "logger", "api-gateway", "node-agent", "mongodb", "ldap");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	@Order(1)
	void everyComponentIsUpWithTheSevenServicesAndTheNodeAgent(Platform platform) {
		List<ComponentStatus> status = platform.status();
		assertThat(status).extracting(ComponentStatus::name)
			.containsExactlyInAnyOrder("kafka", "mongodb", "ldap", "app-controller", "deployer", "node-manager",
					"sensor-manager", "monitoring", "logger", "api-gateway", "node-agent");
		assertThat(status).allSatisfy(row -> {
			assertThat(row.state()).as(row.name()).isEqualTo(ComponentStatus.State.UP);
			assertThat(row.pid()).as(row.name()).isNotNull();
		});
		assertThat(
				status.stream().filter(row -> row.kind() == io.iotp.bootstrapper.platform.ComponentSpec.Kind.SERVICE))
			.hasSize(7);
	}

	@Test
	@Order(1)
	void everyServiceStartedFromItsStartupCache(Platform platform) throws Exception {
		assumeTrue(Runtime.version().feature() >= 25, "start-up caches (-XX:AOTCache) need Java 25; these tests run on "
				+ Runtime.version() + ", so the services start from their jars and this is not checked");
		for (ComponentStatus row : platform.status()) {
			if (row.kind() == io.iotp.bootstrapper.platform.ComponentSpec.Kind.INFRASTRUCTURE) {
				continue;
			}
			List<String> command = List.of(Files.readString(Path.of("/proc/" + row.pid() + "/cmdline")).split("\0"));
			String cache = command.stream().filter(arg -> arg.startsWith("-XX:AOTCache=")).findFirst().orElse(null);
			assertThat(cache).as(row.name() + " runs with a start-up cache: " + command).isNotNull();
			assertThat(Path.of(cache.substring("-XX:AOTCache=".length()))).as(row.name()).isRegularFile();
			assertThat(command.get(command.indexOf("-jar") + 1)).as(row.name())
				.endsWith("/" + row.name() + "/target/startup-cache/app/" + row.name() + ".jar");
		}
	}

	@Test
	@Order(2)
	void everyHealthEndpointAnswersUp(Platform platform) throws Exception {
		PlatformComponents components = new PlatformComponents(platform.layout(), "system-test");
		for (String service : HEARTBEATING.subList(0, 8)) {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + components.port(service) + "/actuator/health"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(service).isEqualTo(200);
			assertThat(response.body()).as(service).contains("\"status\":\"UP\"").contains("kafkaHeartbeat");
		}
	}

	@Test
	@Order(3)
	void aHeartbeatFromEveryComponentArrivesOnKafka(Platform platform) {
		EnvelopeCodec codec = new EnvelopeCodec();
		Set<String> seen = new HashSet<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				SharedPlatform.kafkaAdminConfig(platform.layout(), ConsumerConfig.GROUP_ID_CONFIG,
						"system-test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(TopicNames.HEARTBEAT));
			// From "latest": these are heartbeats sent now, by running components, not
			// old ones.
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach(record -> {
					Heartbeat heartbeat = (Heartbeat) codec.decode(record.value()).payload();
					assertThat(record.key()).isEqualTo(heartbeat.componentId());
					if (heartbeat.status() == HeartbeatStatus.UP) {
						seen.add(heartbeat.componentId());
					}
				});
				assertThat(seen).containsAll(HEARTBEATING);
			});
		}
	}

	@Test
	@Order(4)
	void adminCredentialsAreWrittenOnceReadableOnlyByTheOwner(Platform platform) throws Exception {
		Path credentials = platform.layout().adminCredentialsFile();
		assertThat(Files.getPosixFilePermissions(credentials)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		String[] userAndPassword = Files.readString(credentials).trim().split(":", 2);
		assertThat(userAndPassword[0]).isEqualTo("admin");
		assertThat(userAndPassword[1]).hasSizeGreaterThanOrEqualTo(16);
		try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", platform.layout().ports().ldap(),
				"uid=admin,ou=people,dc=iotp,dc=local", userAndPassword[1])) {
			assertThat(ldap.getEntry("cn=ADMIN,ou=groups,dc=iotp,dc=local").getAttributeValues("member"))
				.contains("uid=admin,ou=people,dc=iotp,dc=local");
			assertThat(ldap.getEntry("cn=DEVELOPER,ou=groups,dc=iotp,dc=local")).isNotNull();
		}
	}

	@Test
	@Order(5)
	void kafkaLetsNobodyInWithoutAPasswordAndAServiceOnlyDoWhatItsAclsAllow(Platform platform) throws Exception {
		KafkaPrincipals principals = new KafkaPrincipals(platform.layout());
		assertThat(Files.getPosixFilePermissions(principals.dir())).containsExactlyInAnyOrder(
				PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
		try (var files = Files.list(principals.dir())) {
			assertThat(files.toList()).isNotEmpty()
				.allSatisfy((file) -> assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
					.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
		}
		// without a login the broker answers nothing at all
		try (Admin anonymous = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				platform.layout().kafkaBootstrap(), AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000))) {
			assertThatThrownBy(() -> anonymous.listTopics().names().get(10, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class);
		}
		// a service reads and writes topics, but only the deployer may make principals
		try (Admin logger = Admin.create(principals.clientConfig("logger"))) {
			assertThat(logger.listTopics().names().get(10, TimeUnit.SECONDS)).contains(TopicNames.APP_LOGS);
			assertThatThrownBy(() -> logger
				.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("intruder",
						new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "intruder-password")))
				.all()
				.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ClusterAuthorizationException.class);
		}
		// the infrastructure may only send its heartbeats
		try (Admin mongodb = Admin.create(principals.clientConfig("mongodb"))) {
			assertThat(mongodb.listTopics().names().get(10, TimeUnit.SECONDS)).containsOnly(TopicNames.HEARTBEAT);
		}
	}

	@Test
	@Order(10)
	void restartKeepsDocumentsBlobsAndDirectoryUsersAndLeavesNoProcessBehind(Platform platform) throws Exception {
		String marker = UUID.randomUUID().toString();
		String mongoUri = platform.layout().mongoUri();
		try (MongoClient mongo = MongoClients.create(mongoUri)) {
			mongo.getDatabase("iotp-system-test").getCollection("things").insertOne(new Document("_id", marker));
		}
		Path blob = platform.layout().blobDir().resolve("system-test").resolve(marker + ".bin");
		Files.createDirectories(blob.getParent());
		Files.writeString(blob, marker, StandardCharsets.UTF_8);
		String userDn = "uid=u" + marker.substring(0, 8) + ",ou=people,dc=iotp,dc=local";
		String adminPassword = Files.readString(platform.layout().adminCredentialsFile()).trim().split(":", 2)[1];
		try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", platform.layout().ports().ldap(),
				"uid=admin,ou=people,dc=iotp,dc=local", adminPassword)) {
			ldap.add("dn: " + userDn, "objectClass: inetOrgPerson", "uid: u" + marker.substring(0, 8), "cn: Test",
					"sn: Test", "userPassword: secret-" + marker);
		}
		List<Long> pidsBefore = platform.status().stream().map(ComponentStatus::pid).toList();

		platform.down();

		assertThat(pidsBefore)
			.allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
		assertThat(PlatformProcesses.of(platform.layout())).isEmpty();
		assertThat(platform.status()).allSatisfy(row -> assertThat(row.state()).isEqualTo(ComponentStatus.State.DOWN));

		Platform.UpResult again = platform.up();

		assertThat(again.firstStart()).isFalse();
		try (MongoClient mongo = MongoClients.create(mongoUri)) {
			assertThat(mongo.getDatabase("iotp-system-test")
				.getCollection("things")
				.find(new Document("_id", marker))
				.first()).isNotNull();
		}
		assertThat(Files.readString(blob)).isEqualTo(marker);
		try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", platform.layout().ports().ldap(), userDn,
				"secret-" + marker)) {
			assertThat(ldap.getEntry(userDn)).isNotNull();
		}
		assertThat(platform.status()).allSatisfy(row -> assertThat(row.state()).isEqualTo(ComponentStatus.State.UP));
	}

}
