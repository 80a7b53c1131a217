package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.iotp.bootstrapper.infra.LdapDirectory;

/**
 * A fleet's secrets, made once on the machine that runs {@code iotp up --nodes} and kept
 * in its data directory: the Kafka principals' passwords, the key deployments' Kafka
 * passwords derive from, the directory's service account password. Each node gets only
 * the secrets of what runs there: an apps node holds the node agent's Kafka password and
 * nothing else. The infrastructure's node, which runs the broker and holds its super
 * users, has every principal's password: it gives each its credential on the broker.
 */
public final class FleetSecrets {

	private final PlatformLayout layout;

	private final KafkaPrincipals principals;

	/**
	 * @param dir where the fleet's secrets are kept (made when missing)
	 */
	public FleetSecrets(Path dir) {
		this.layout = new PlatformLayout(dir, dir, Ports.defaults(), null, "java", List.of(), List.of());
		this.principals = new KafkaPrincipals(this.layout);
	}

	/** Makes what is missing; keeps what is there. */
	public void prepare() {
		try {
			PrivateFiles.createDirectory(this.layout.dataDir());
			this.principals.prepare("fleet");
			PrivateFiles.createDirectory(this.layout.ldapDir());
			LdapDirectory.managerSecret(this.layout.ldapDir());
		}
		catch (IOException ex) {
			throw new PlatformException(
					"cannot make the fleet's secrets in " + this.layout.dataDir() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The files a node's data directory starts with, by path inside it: its data format
	 * marker and the secrets of what runs there. Each is for its owner's eyes only (mode
	 * 600 on the node).
	 */
	public Map<String, String> forNode(NodePlacement node) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(DataDirectory.MARKER, DataDirectory.markerContent());
		List<String> principals = new ArrayList<>();
		if (node.infra()) {
			// the broker's node gives every principal its credential on the broker
			principals.addAll(List.of(KafkaPrincipals.BROKER, KafkaPrincipals.ADMIN));
			principals.addAll(KafkaPrincipals.scramPrincipals());
		}
		if (node.services()) {
			principals.addAll(PlatformComponents.SERVICES);
		}
		if (node.apps()) {
			principals.add(PlatformComponents.NODE_AGENT);
		}
		Path principalsDir = this.layout.dataDir().relativize(this.principals.dir());
		files.put(principalsDir.resolve(this.principals.passwordsFile().getFileName()).toString(),
				this.principals.passwordsFor(principals));
		if (node.services()) {
			files.put(principalsDir.resolve(this.principals.deploymentSecretFile().getFileName()).toString(),
					read(this.principals.deploymentSecretFile()));
		}
		if (node.infra() || node.services()) {
			Path secret = this.layout.ldapDir().resolve(LdapDirectory.MANAGER_SECRET_FILE);
			files.put(this.layout.dataDir().relativize(secret).toString(), read(secret));
		}
		return files;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new PlatformException("cannot read the fleet's secret " + file + ": " + ex.getMessage(), ex);
		}
	}

}
