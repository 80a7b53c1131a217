package io.iotp.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.sun.net.httpserver.HttpServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The real parts around a gateway under test: an in-JVM directory seeded like the
 * platform's, a MongoDB wire-protocol server, a folder for the signing key, and an HTTP
 * server standing in for app-controller that echoes the path and the Authorization header
 * it got.
 */
public final class TestInfra implements AutoCloseable {

	public static final String BASE = "dc=iotp,dc=local";

	public static final String PEOPLE = "ou=people," + BASE;

	public static final String GROUPS = "ou=groups," + BASE;

	public static final String MANAGER_DN = "cn=iotp-manager," + BASE;

	public static final String MANAGER_PASSWORD = "manager-secret-123";

	public static final String ADMIN_PASSWORD = "admin-password-1";

	public final InMemoryDirectoryServer ldap;

	public final MongoServer mongo;

	public final InetSocketAddress mongoAddress;

	public final HttpServer appController;

	public final Path dataDir;

	private TestInfra() throws Exception {
		InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
		config.addAdditionalBindCredentials(MANAGER_DN, MANAGER_PASSWORD);
		config.setListenerConfigs(
				InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
		this.ldap = new InMemoryDirectoryServer(config);
		seed(this.ldap);
		this.ldap.startListening();
		this.mongo = new MongoServer(new MemoryBackend());
		this.mongoAddress = this.mongo.bind();
		this.appController = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.appController.createContext("/", exchange -> {
			String query = (exchange.getRequestURI().getRawQuery() != null)
					? "?" + exchange.getRequestURI().getRawQuery() : "";
			byte[] body = ("app-controller " + exchange.getRequestURI().getRawPath() + query + " auth="
					+ exchange.getRequestHeaders().getFirst("Authorization"))
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.appController.start();
		this.dataDir = Files.createTempDirectory("iotp-gateway-test");
	}

	public static TestInfra start() {
		try {
			return new TestInfra();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void seed(InMemoryDirectoryServer directory) throws Exception {
		directory.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: iotp");
		directory.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
		directory.add("dn: " + GROUPS, "objectClass: top", "objectClass: organizationalUnit", "ou: groups");
		String adminDn = "uid=admin," + PEOPLE;
		directory.add("dn: " + adminDn, "objectClass: top", "objectClass: person", "objectClass: organizationalPerson",
				"objectClass: inetOrgPerson", "uid: admin", "cn: Platform admin", "sn: admin", "mail: admin@iotp.local",
				"userPassword: " + ADMIN_PASSWORD);
		directory.add("dn: cn=ADMIN," + GROUPS, "objectClass: top", "objectClass: groupOfNames", "cn: ADMIN",
				"member: " + adminDn);
		directory.add("dn: cn=DEVELOPER," + GROUPS, "objectClass: top", "objectClass: groupOfNames", "cn: DEVELOPER",
				"member: " + adminDn);
	}

	public void register(DynamicPropertyRegistry registry) {
		registry.add("iotp.ldap.url", () -> "ldap://127.0.0.1:" + this.ldap.getListenPort());
		registry.add("iotp.ldap.manager-dn", () -> MANAGER_DN);
		registry.add("iotp.ldap.manager-password", () -> MANAGER_PASSWORD);
		// A test context cached past its class may outlive this store: answer DOWN within
		// 3 s then, not
		// after the driver's default 30 s, which outlasts the tests' request timeout.
		registry.add("spring.mongodb.uri",
				() -> "mongodb://127.0.0.1:" + this.mongoAddress.getPort() + "/?serverSelectionTimeoutMS=3000");
		registry.add("iotp.data-dir", this.dataDir::toString);
		registry.add("iotp.services.app-controller",
				() -> "http://127.0.0.1:" + this.appController.getAddress().getPort());
	}

	/**
	 * Logs in as the seeded admin through the gateway on that port and answers the token.
	 */
	public static String adminToken(int gatewayPort) {
		try {
			HttpResponse<String> login = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/api/auth/login"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (login.statusCode() != 200) {
				throw new IllegalStateException("admin login answered " + login.statusCode() + ": " + login.body());
			}
			return login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Path keyFile() {
		return this.dataDir.resolve("gateway/jwt-signing-key.json");
	}

	@Override
	public void close() {
		this.appController.stop(0);
		this.mongo.shutdownNow();
		this.ldap.shutDown(true);
		try (var files = Files.walk(this.dataDir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
