package io.iotp.bootstrapper.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.iotp.testsupport.FleetNodeContainer;
import io.iotp.testsupport.IotpCommand;
import io.iotp.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code iotp check --nodes}, the CLI as its users run it, against nodes of the test
 * fleet: containers with Debian's OpenSSH server on their own loopback addresses. A ready
 * node, one without Java, a key the node does not know, a host that does not answer, a
 * host key not yet known and one that changed: each named with its node and step, and
 * nothing left running on any node.
 */
class OpenSshFleetCheckIT {

	private static final String READY = "127.0.0.21";

	private static final String NO_JAVA = "127.0.0.22";

	private static final String UNREACHABLE = "127.0.0.24";

	@TempDir
	static Path dir;

	private static Path key;

	private static Path strangerKey;

	private static FleetNodeContainer ready;

	private static FleetNodeContainer noJava;

	@BeforeAll
	static void startNodes() throws Exception {
		FleetNodeContainer.require("OpenSshFleetCheckIT");
		key = keyPair("id_fleet");
		strangerKey = keyPair("id_stranger");
		ready = FleetNodeContainer.start("OpenSshFleetCheckIT", READY, Path.of(key + ".pub"), true);
		noJava = FleetNodeContainer.start("OpenSshFleetCheckIT", NO_JAVA, Path.of(key + ".pub"), false);
	}

	@AfterAll
	static void stopNodes() {
		for (FleetNodeContainer node : new FleetNodeContainer[] { ready, noJava }) {
			if (node != null) {
				node.close();
			}
		}
	}

	@Test
	void everyFaultIsReportedWithItsNodeAndStepAndNothingIsStarted() throws Exception {
		int closed = FreePorts.any();
		Path nodes = nodesFile("fleet.yml", """
				ssh:
				  user: iotp
				  key: %s
				nodes:
				  - name: node-1
				    host: %s
				    port: %d
				    roles: [infra, services, apps]
				  - name: node-2
				    host: %s
				    port: %d
				    roles: [services, apps]
				  - name: node-3
				    host: %s
				    port: %d
				    address: 127.0.0.23
				    key: %s
				    roles: [apps]
				  - name: node-4
				    host: %s
				    port: %d
				    roles: [apps]
				""".formatted(key, READY, ready.sshPort(), NO_JAVA, noJava.sshPort(), READY, ready.sshPort(),
				strangerKey, UNREACHABLE, closed));

		IotpCommand check = iotp("check", "--nodes", nodes.toString(), "--known-hosts",
				dir.resolve("known_hosts_fleet").toString(), "--accept-new-host-keys", "--ssh-timeout", "10");

		assertThat(check.exitCode()).as(check.output()).isEqualTo(4);
		assertThat(check.output()).contains("Checking 4 nodes of " + nodes + " over SSH")
			.containsPattern("node-1  ok\\n\\s+ssh\\s+logged in as iotp, host key ssh-ed25519 SHA256:")
			.containsPattern("java\\s+Java " + Runtime.version().feature())
			.containsPattern("ports\\s+\\d+ ports free on " + READY)
			.contains("node-2  FAILED: node-2 (iotp@" + NO_JAVA + ":" + noJava.sshPort() + ")")
			.contains("no Java on the node")
			.contains("node-3  FAILED: node-3 (iotp@" + READY + ":" + ready.sshPort() + ")")
			.contains("the key " + strangerKey + " was refused for user iotp")
			.contains("node-4  FAILED: node-4 (iotp@" + UNREACHABLE + ":" + closed + ")")
			.contains("cannot reach " + UNREACHABLE + ":" + closed)
			.contains("3 of 4 nodes failed; nothing was started.");
		for (FleetNodeContainer node : List.of(ready, noJava)) {
			assertThat(node.exec("ps", "-e", "-o", "comm=").lines().distinct())
				.as("processes left on the node at " + node.address())
				.allMatch((command) -> command.equals("sshd") || command.equals("cron") || command.equals("ps"));
		}
	}

	@Test
	void aHostKeyNotYetKnownIsRefusedUntilAcceptedThenRemembered() throws Exception {
		Path nodes = oneNode("first-contact.yml", ready);
		String knownHosts = dir.resolve("known_hosts_first").toString();

		IotpCommand refused = iotp("check", "--nodes", nodes.toString(), "--known-hosts", knownHosts);
		assertThat(refused.exitCode()).as(refused.output()).isEqualTo(4);
		assertThat(refused.output()).contains("node-1  FAILED: node-1 (iotp@" + READY)
			.contains("step 'ssh'")
			.contains("its host key is not in " + knownHosts)
			.contains("--accept-new-host-keys");

		IotpCommand accepted = iotp("check", "--nodes", nodes.toString(), "--known-hosts", knownHosts,
				"--accept-new-host-keys");
		assertThat(accepted.exitCode()).as(accepted.output()).isZero();
		assertThat(Files.readString(Path.of(knownHosts))).contains("[" + READY + "]:" + ready.sshPort() + " ");

		IotpCommand known = iotp("check", "--nodes", nodes.toString(), "--known-hosts", knownHosts);
		assertThat(known.exitCode()).as(known.output()).isZero();
		assertThat(known.output()).contains("Every node is ready.");
	}

	@Test
	void aHostKeyThatChangedIsRefusedEvenWithNewKeysAccepted() throws Exception {
		Path knownHosts = dir.resolve("known_hosts_changed");
		IotpCommand first = iotp("check", "--nodes", oneNode("other.yml", noJava).toString(), "--known-hosts",
				knownHosts.toString(), "--accept-new-host-keys");
		assertThat(first.output()).contains("no Java on the node");
		// the other node's host key, recorded as the ready node's: as if it had been
		// reinstalled, or someone were in between
		String recorded = Files.readString(knownHosts).strip();
		Files.writeString(knownHosts, recorded.replace("[" + NO_JAVA + "]:" + noJava.sshPort() + " ",
				"[" + READY + "]:" + ready.sshPort() + " ") + "\n");

		IotpCommand changed = iotp("check", "--nodes", oneNode("changed.yml", ready).toString(), "--known-hosts",
				knownHosts.toString(), "--accept-new-host-keys");

		assertThat(changed.exitCode()).as(changed.output()).isEqualTo(4);
		assertThat(changed.output()).contains("its host key is not the one " + knownHosts + " holds")
			.contains("ssh-keygen -R '[" + READY + "]:" + ready.sshPort() + "'");
	}

	@Test
	void whatStartsAtBootRunsWhenTheMachineStartsAgainAndNotOnceItIsRemoved() throws Exception {
		FleetNode node = NodesFile.read(oneNode("boot.yml", ready)).get(0);
		Path knownHosts = dir.resolve("known_hosts_boot");
		String start = "echo \"started by $(id -un), java at $(command -v java)\" >>\"$HOME/booted\"";
		try (NodeShell shell = NodeShell.open(node, knownHosts, true, Duration.ofSeconds(10))) {
			assertThat(BootStart.install(shell, start)).isEqualTo(
					"starts again at boot: yes (@reboot in iotp's crontab runs ~/iotp/" + BootStart.SCRIPT + ")");
			// a second up replaces the entry
			BootStart.install(shell, start);
			assertThat(shell.run("crontab -l", "test").stdout()).containsOnlyOnce("@reboot");
			assertThat(shell.run("cat booted 2>&1", "test").stdout()).contains("No such file");
		}

		ready.kill();
		ready.restart();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(ready.exec("cat", "/home/iotp/booted"))
				.isEqualTo("started by iotp, java at /usr/local/bin/java"));
		assertThat(ready.exec("cat", "/home/iotp/iotp/data/logs/start-at-boot.log"))
			.contains("the machine started: starting this node's platform");

		try (NodeShell shell = NodeShell.open(node, knownHosts, false, Duration.ofSeconds(10))) {
			BootStart.remove(shell);
			assertThat(shell.run("crontab -l 2>&1; ls iotp", "test").stdout()).doesNotContain("@reboot")
				.doesNotContain(BootStart.SCRIPT);
			// removing twice is no fault
			BootStart.remove(shell);
		}
		ready.kill();
		ready.restart();
		Thread.sleep(3000);
		assertThat(ready.exec("cat", "/home/iotp/booted").lines()).as("started once, at the first restart only")
			.containsExactly("started by iotp, java at /usr/local/bin/java");
	}

	private static Path oneNode(String name, FleetNodeContainer node) throws IOException {
		return nodesFile(name, """
				ssh:
				  user: iotp
				  key: %s
				nodes:
				  - name: node-1
				    host: %s
				    port: %d
				    roles: [infra, services, apps]
				""".formatted(key, node.address(), node.sshPort()));
	}

	private static Path nodesFile(String name, String text) throws IOException {
		return Files.writeString(dir.resolve(name), text);
	}

	private static Path keyPair(String name) throws Exception {
		KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
		Path privateKey = dir.resolve(name);
		pair.writePrivateKey(privateKey.toString());
		pair.writePublicKey(privateKey + ".pub", name);
		pair.dispose();
		return privateKey;
	}

	/** The iotp CLI as built ({@code target/bootstrapper.jar}), run to its end. */
	private static IotpCommand iotp(String... arguments) {
		return IotpCommand.run(Path.of("target", "bootstrapper.jar").toAbsolutePath(), Duration.ofSeconds(60),
				List.of(arguments));
	}

}
