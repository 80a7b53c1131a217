package io.iotp.bootstrapper.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;

import io.iotp.bootstrapper.platform.Ports;
import io.iotp.testsupport.FreePorts;

/**
 * The fleet's SSH steps against SSH servers of the test's own (Apache MINA sshd on
 * loopback addresses, running commands through {@code /bin/sh} here): a first contact
 * with and without --accept-new-host-keys, a changed host key, a wrong key, a host that
 * does not answer, a node without Java or with an old one, a busy port; each a
 * {@link NodeStepException} naming the node and the step. Nothing is started on a node.
 */
class NodeShellIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	static Path dir;

	private static Path key;

	private static Path strangerKey;

	private static TestNodeSshd node;

	private static TestNodeSshd noJava;

	private static TestNodeSshd oldJava;

	@BeforeAll
	static void startNodes() throws Exception {
		key = keyPair("id_fleet", true);
		strangerKey = keyPair("id_stranger", false);
		String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
		node = TestNodeSshd.start("127.0.0.1", dir.resolve("host_node"), dir.resolve("authorized_keys"),
				javaBin + ":/usr/bin:/bin");
		noJava = TestNodeSshd.start("127.0.0.1", dir.resolve("host_nojava"), dir.resolve("authorized_keys"),
				tools("nojava-bin").toString());
		Path old = tools("oldjava-bin");
		Path fakeJava = old.resolve("java");
		Files.writeString(fakeJava, "#!/bin/sh\necho 'openjdk version \"17.0.12\" 2024-07-16' >&2\n");
		Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
		oldJava = TestNodeSshd.start("127.0.0.1", dir.resolve("host_oldjava"), dir.resolve("authorized_keys"),
				old.toString());
	}

	@AfterAll
	static void stopNodes() throws IOException {
		for (TestNodeSshd server : new TestNodeSshd[] { node, noJava, oldJava }) {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void aFirstContactIsRefusedUnlessNewHostKeysAreAcceptedThenTheKnownKeyIsUsed() throws IOException {
		Path knownHosts = dir.resolve("known_hosts_first");
		FleetNode fleetNode = fleetNode("node-1", node.port(), key, "127.0.0.201");

		NodeStepException unknown = catchThrowableOfType(NodeStepException.class,
				() -> NodeShell.open(fleetNode, knownHosts, false, TIMEOUT));
		assertThat(unknown.node()).isEqualTo("node-1");
		assertThat(unknown.step()).isEqualTo("ssh");
		assertThat(unknown.getMessage()).contains("node-1 (iotp@127.0.0.1:" + node.port() + ")")
			.contains("its host key is not in " + knownHosts)
			.contains("--accept-new-host-keys");

		try (NodeShell shell = NodeShell.open(fleetNode, knownHosts, true, TIMEOUT)) {
			assertThat(shell.hostKey()).contains("SHA256:");
		}
		assertThat(Files.readString(knownHosts)).contains("[127.0.0.1]:" + node.port());
		try (NodeShell again = NodeShell.open(fleetNode, knownHosts, false, TIMEOUT)) {
			assertThat(again.run("echo hello", "echo").stdout()).isEqualTo("hello\n");
		}
	}

	@Test
	void aChangedHostKeyIsRefusedEvenWhenNewKeysAreAccepted() throws IOException {
		Path knownHosts = dir.resolve("known_hosts_changed");
		try (NodeShell first = NodeShell.open(fleetNode("node-1", noJava.port(), key, "127.0.0.202"), knownHosts, true,
				TIMEOUT)) {
			// the no-Java node's host key, recorded under the other node's port below
		}
		String recorded = Files.readString(knownHosts).strip();
		assertThat(recorded).startsWith("[127.0.0.1]:" + noJava.port() + " ");
		Files.writeString(knownHosts, recorded.replace("]:" + noJava.port() + " ", "]:" + node.port() + " ") + "\n");

		NodeStepException changed = catchThrowableOfType(NodeStepException.class,
				() -> NodeShell.open(fleetNode("node-1", node.port(), key, "127.0.0.202"), knownHosts, true, TIMEOUT));

		assertThat(changed.step()).isEqualTo("ssh");
		assertThat(changed.getMessage()).contains("its host key is not the one " + knownHosts + " holds")
			.contains("ssh-keygen -R '[127.0.0.1]:" + node.port() + "'");
	}

	@Test
	void aKeyTheNodeDoesNotKnowIsRefusedNamingKeyAndUser() {
		NodeStepException refused = catchThrowableOfType(NodeStepException.class,
				() -> NodeShell.open(fleetNode("node-2", node.port(), strangerKey, "127.0.0.203"),
						dir.resolve("known_hosts_stranger"), true, TIMEOUT));

		assertThat(refused.step()).isEqualTo("ssh");
		assertThat(refused.getMessage()).contains("the key " + strangerKey + " was refused for user iotp")
			.contains("authorized_keys");
	}

	@Test
	void aHostThatDoesNotAnswerIsNamedWithItsAddress() {
		int closed = FreePorts.any();
		NodeStepException unreachable = catchThrowableOfType(NodeStepException.class,
				() -> NodeShell.open(fleetNode("node-3", closed, key, "127.0.0.204"),
						dir.resolve("known_hosts_unreachable"), true, TIMEOUT));

		assertThat(unreachable.step()).isEqualTo("ssh");
		assertThat(unreachable.getMessage()).contains("cannot reach 127.0.0.1:" + closed)
			.contains("sshd listens on port " + closed);
	}

	@Test
	void aReadyNodePassesEveryStepAndItsFactsAreReported() {
		FleetNode fleetNode = fleetNode("node-1", node.port(), key, "127.0.0.205");
		try (NodeShell shell = NodeShell.open(fleetNode, dir.resolve("known_hosts_ready"), true, TIMEOUT)) {
			Map<String, String> facts = new NodeCheck(freePorts()).check(shell, fleetNode);

			System.out.println("NODE CHECK " + facts);
			assertThat(facts).containsOnlyKeys("ssh", "java", "nodejs", "disk", "ports", "clock");
			assertThat(facts.get("nodejs")).startsWith("Node.js v");
			assertThat(facts.get("java")).startsWith("Java " + Runtime.version().feature());
			assertThat(facts.get("disk")).endsWith("GB free");
			assertThat(facts.get("ports")).isEqualTo("16 ports free on 127.0.0.205");
			assertThat(facts.get("clock")).endsWith("ms from this machine");
		}
	}

	@Test
	void aNodeWithoutJavaFailsAtTheJavaStepSayingWhatToInstall() {
		FleetNode fleetNode = fleetNode("node-4", noJava.port(), key, "127.0.0.206");
		try (NodeShell shell = NodeShell.open(fleetNode, dir.resolve("known_hosts_nojava"), true, TIMEOUT)) {
			NodeStepException failed = catchThrowableOfType(NodeStepException.class,
					() -> new NodeCheck(freePorts()).check(shell, fleetNode));

			assertThat(failed.node()).isEqualTo("node-4");
			assertThat(failed.step()).isEqualTo("java");
			assertThat(failed.getMessage()).contains("no Java on the node").contains("openjdk-21-jre-headless");
		}
	}

	@Test
	void aNodeWithJava17FailsAtTheJavaStep() {
		FleetNode fleetNode = fleetNode("node-5", oldJava.port(), key, "127.0.0.207");
		try (NodeShell shell = NodeShell.open(fleetNode, dir.resolve("known_hosts_oldjava"), true, TIMEOUT)) {
			NodeStepException failed = catchThrowableOfType(NodeStepException.class,
					() -> new NodeCheck(freePorts()).check(shell, fleetNode));

			assertThat(failed.step()).isEqualTo("java");
			assertThat(failed.getMessage()).contains("Java 17 found; the platform needs 21+");
		}
	}

	@Test
	void aPortInUseOnTheNodesAddressFailsAtThePortsStepNamingIt() throws IOException {
		FleetNode fleetNode = fleetNode("node-6", node.port(), key, "127.0.0.208");
		try (ServerSocket busy = new ServerSocket()) {
			busy.bind(new InetSocketAddress("127.0.0.208", 0));
			Ports ports = freePorts();
			Ports withBusyGateway = new Ports(busy.getLocalPort(), ports.appController(), ports.deployer(),
					ports.nodeManager(), ports.sensorManager(), ports.monitoring(), ports.logger(), ports.nodeAgent(),
					ports.kafka(), ports.kafkaController(), ports.kafkaApps(), ports.mongodb(), ports.ldap(),
					ports.mqtt(), ports.registry(), ports.blobStore());
			try (NodeShell shell = NodeShell.open(fleetNode, dir.resolve("known_hosts_busy"), true, TIMEOUT)) {
				NodeStepException failed = catchThrowableOfType(NodeStepException.class,
						() -> new NodeCheck(withBusyGateway).check(shell, fleetNode));

				assertThat(failed.step()).isEqualTo("ports");
				assertThat(failed.getMessage())
					.contains("already in use on 127.0.0.208: " + busy.getLocalPort() + " (api-gateway)");
			}
		}
	}

	private static FleetNode fleetNode(String name, int sshPort, Path privateKey, String address) {
		return new FleetNode(name, "127.0.0.1", sshPort, "iotp", privateKey, address,
				Set.of(Role.INFRA, Role.SERVICES, Role.APPS), Map.of(), 0, 0, 1);
	}

	/** Ports nothing listens on: 16 of them, found free on this machine. */
	private static Ports freePorts() {
		int[] free = new int[16];
		List<ServerSocket> held = new ArrayList<>();
		try {
			for (int i = 0; i < free.length; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				held.add(socket);
				free[i] = socket.getLocalPort();
			}
			for (ServerSocket socket : held) {
				socket.close();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Ports(free[0], free[1], free[2], free[3], free[4], free[5], free[6], free[7], free[8], free[9],
				free[10], free[11], free[12], free[13], free[14], free[15]);
	}

	/** A key pair in the test's folder; its public key authorized on the nodes or not. */
	private static Path keyPair(String name, boolean authorized) throws Exception {
		KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
		Path privateKey = dir.resolve(name);
		pair.writePrivateKey(privateKey.toString());
		if (authorized) {
			pair.writePublicKey(dir.resolve("authorized_keys").toString(), "fleet-test");
		}
		pair.dispose();
		return privateKey;
	}

	/** A PATH folder with the tools the checks use, and no java. */
	private static Path tools(String name) throws IOException {
		Path bin = Files.createDirectories(dir.resolve(name));
		for (String tool : List.of("sh", "df", "tail", "cat", "date")) {
			Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
			Files.createSymbolicLink(bin.resolve(tool), real);
		}
		return bin;
	}

}
