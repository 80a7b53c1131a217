package io.iotp.bootstrapper.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodesFileTest {

	@TempDir
	Path dir;

	@BeforeEach
	void keyFile() throws IOException {
		Files.writeString(this.dir.resolve("id_fleet"), "a private key");
	}

	@Test
	void readsTheNodesWithTheSshDefaultsAndTheirOwnSettings() throws IOException {
		Path file = write("""
				ssh:
				  user: iotp
				  key: id_fleet
				nodes:
				  - name: node-1
				    host: 127.0.0.11
				    roles: [infra, services, apps]
				    labels: {zone: a}
				    capacity: {cpu: 2, memory-mb: 4096}
				  - name: node-2
				    host: 127.0.0.12
				    port: 2222
				    user: ops
				    address: 127.0.0.22
				    roles: [apps]
				""");

		var nodes = NodesFile.read(file);

		assertThat(nodes).hasSize(2);
		FleetNode first = nodes.get(0);
		assertThat(first.name()).isEqualTo("node-1");
		assertThat(first.sshPort()).isEqualTo(22);
		assertThat(first.user()).isEqualTo("iotp");
		assertThat(first.key()).isEqualTo(this.dir.resolve("id_fleet"));
		assertThat(first.address()).isEqualTo("127.0.0.11");
		assertThat(first.roles()).isEqualTo(Set.of(Role.INFRA, Role.SERVICES, Role.APPS));
		assertThat(first.labels()).isEqualTo(Map.of("zone", "a"));
		assertThat(first.cpu()).isEqualTo(2.0);
		assertThat(first.memoryMb()).isEqualTo(4096);
		assertThat(first.line()).isEqualTo(5);
		FleetNode second = nodes.get(1);
		assertThat(second.sshPort()).isEqualTo(2222);
		assertThat(second.user()).isEqualTo("ops");
		assertThat(second.address()).isEqualTo("127.0.0.22");
		assertThat(second.roles()).containsExactly(Role.APPS);
	}

	@Test
	void everyProblemIsListedWithItsLine() throws IOException {
		Path file = write("""
				ssh:
				  user: iotp
				  key: id_fleet
				  colour: blue
				nodes:
				  - name: node-1
				    host: 127.0.0.11
				    hots: typo
				    roles: [infra, services]
				  - name: node-1
				    host: 127.0.0.12
				    roles: [apps]
				  - name: node-3
				    host: 127.0.0.11
				    roles: [apps, cooking]
				  - name: node-4
				    host: 127.0.0.14
				    key: /nonexistent/id_missing
				    port: 70000
				    roles: [apps]
				  - name: Node_5
				    host: 127.0.0.15
				    roles: [apps]
				  - name: node-6
				    host: 127.0.0.16
				    roles: [apps]
				    labels: {"zone=a": b}
				""");

		NodesFileException refused = catchThrowableOfType(NodesFileException.class, () -> NodesFile.read(file));

		assertThat(refused.problems()).containsExactlyInAnyOrder(
				"line 4: unknown key 'colour' in ssh (known: user, key, port)",
				"line 8: unknown key 'hots' in a node (known: name, host, port, user, key, address, roles, labels, capacity)",
				"line 10: node name 'node-1' is taken by the node at line 6",
				"line 13: node 'node-3' binds 127.0.0.11, as node 'node-1' (line 6) does: their ports would clash; "
						+ "give each node an address of its own",
				"line 15: node 'node-3': unknown role 'cooking' (known: infra, services, apps)",
				"line 19: node 'node-4': SSH port '70000' is not a port (1 to 65535)",
				"line 18: node 'node-4': key file /nonexistent/id_missing does not exist",
				"line 21: node name 'Node_5' must be 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit",
				"line 27: node 'node-6': label name 'zone=a' must be 1 to 63 lower-case letters, digits, dots and hyphens");
		assertThat(refused.getMessage()).contains(file.toString()).contains("9 problems; nothing was started");
	}

	@Test
	void duplicateNamesAndAddressesAreRefusedNamingBothLines() throws IOException {
		Path file = write("""
				ssh: {user: iotp, key: id_fleet}
				nodes:
				  - name: node-1
				    host: 127.0.0.11
				    roles: [infra, services, apps]
				  - name: node-1
				    host: 127.0.0.12
				    roles: [apps]
				  - name: node-3
				    host: 127.0.0.13
				    address: 127.0.0.11
				    roles: [apps]
				""");

		NodesFileException refused = catchThrowableOfType(NodesFileException.class, () -> NodesFile.read(file));

		assertThat(refused.problems()).containsExactlyInAnyOrder(
				"line 6: node name 'node-1' is taken by the node at line 3",
				"line 9: node 'node-3' binds 127.0.0.11, as node 'node-1' (line 3) does: their ports would clash; "
						+ "give each node an address of its own");
	}

	@Test
	void aFleetWithoutAnInfraNodeIsRefused() throws IOException {
		Path file = write("""
				ssh: {user: iotp, key: id_fleet}
				nodes:
				  - {name: node-1, host: 127.0.0.11, roles: [services, apps]}
				""");

		NodesFileException refused = catchThrowableOfType(NodesFileException.class, () -> NodesFile.read(file));

		assertThat(refused.problems())
			.containsExactly("line 3: no node has the role 'infra': the fleet needs at least one");
	}

	@Test
	void missingUserKeyHostAndRolesAreEachNamed() throws IOException {
		Path file = write("""
				nodes:
				  - name: node-1
				""");

		NodesFileException refused = catchThrowableOfType(NodesFileException.class, () -> NodesFile.read(file));

		assertThat(refused.problems()).containsExactlyInAnyOrder(
				"line 2: node 'node-1' has no 'host' (where SSH reaches it)",
				"line 2: node 'node-1' has no 'user': give one to the node or under 'ssh'",
				"line 2: node 'node-1' has no 'key' (the private key file to log in with): give one to the node or under 'ssh'",
				"line 2: node 'node-1' has no 'roles' (any of infra, services, apps)");
	}

	@Test
	void notYamlOrNoNodesIsRefusedWithTheLine() throws IOException {
		assertThat(catchThrowableOfType(NodesFileException.class, () -> NodesFile.read(write("nodes: [\n  {name: a\n")))
			.problems()).singleElement().asString().matches("line \\d+: not valid YAML: .+");
		assertThat(catchThrowableOfType(NodesFileException.class, () -> NodesFile.read(write("ssh: {user: iotp}\n")))
			.problems()).containsExactly("line 1: no 'nodes': list the fleet's nodes under it");
		assertThat(catchThrowableOfType(NodesFileException.class, () -> NodesFile.read(this.dir.resolve("absent.yml")))
			.problems()).singleElement().asString().startsWith("cannot read it");
	}

	private Path write(String yaml) throws IOException {
		Path file = this.dir.resolve("nodes.yml");
		Files.writeString(file, yaml);
		return file;
	}

}
