package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.iotp.bootstrapper.infra.LdapDirectory;

/**
 * A fleet's secrets, made once on the machine that runs {@code iotp up --nodes} and kept
 * in its data directory: the Kafka principals' passwords, the key deployments' Kafka
 * passwords derive from, the directory's service account password, the platform's
 * certificate authority ({@link PlatformCa}). Each node gets only the secrets of what
 * runs there: an apps node holds the node agent's Kafka password and nothing else. The
 * infrastructure's node, which runs the broker and holds its super users, has every
 * principal's password: it gives each its credential on the broker.
 * <p>
 * The blob store of a fleet is Azurite on the infrastructure's node, with an account of
 * the fleet's own: app-controller writes with the account's key, node agents read with a
 * shared access signature that allows reading and nothing else.
 */
public final class FleetSecrets {

	/** The blob store's account, in Azurite on the infrastructure's node. */
	public static final String BLOB_ACCOUNT = "iotp";

	/** What a node's data directory holds of the blob store's access, by role. */
	static final String BLOB_ACCOUNTS_FILE = "blob-store/accounts";

	static final String BLOB_WRITER_FILE = "blob-store/writer.properties";

	static final String BLOB_READER_FILE = "blob-store/reader.properties";

	private static final Duration READ_ACCESS_VALIDITY = Duration.ofDays(365);

	/** The container app packages are kept in (the blob store's default). */
	private static final String BLOB_CONTAINER = "iotp";

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
			PlatformCa.in(this.layout.dataDir());
			PrivateFiles.createDirectory(this.layout.ldapDir());
			LdapDirectory.managerSecret(this.layout.ldapDir());
			Path clusterId = new KafkaSetup(this.layout).clusterIdFile();
			if (!Files.isRegularFile(clusterId)) {
				PrivateFiles.write(clusterId, KafkaSetup.newClusterId() + "\n");
			}
			Path signingKey = this.layout.dataDir().resolve(GatewaySigningKey.FILE);
			if (!Files.isRegularFile(signingKey)) {
				PrivateFiles.createDirectory(signingKey.getParent());
				PrivateFiles.write(signingKey, GatewaySigningKey.generate() + "\n");
			}
			Path key = blobAccountKeyFile();
			if (!Files.isRegularFile(key)) {
				PrivateFiles.createDirectory(key.getParent());
				byte[] random = new byte[64];
				new SecureRandom().nextBytes(random);
				PrivateFiles.write(key, Base64.getEncoder().encodeToString(random) + "\n");
			}
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
		if (node.brokerId() > 0) {
			// brokers log in to each other, and accept the admin
			principals.addAll(List.of(KafkaPrincipals.BROKER, KafkaPrincipals.ADMIN));
			Path clusterId = new KafkaSetup(this.layout).clusterIdFile();
			files.put(this.layout.dataDir().relativize(clusterId).toString(), read(clusterId));
		}
		// every node trusts the platform's authority; each broker gets a certificate for
		// its address, made anew at every up (the authority's key stays here)
		PlatformCa ca = PlatformCa.in(this.layout.dataDir());
		files.put(this.layout.dataDir().relativize(this.principals.trustFile()).toString(), ca.certificatePem());
		if (node.brokerId() > 0) {
			files.put(this.layout.dataDir().relativize(this.principals.brokerKeyStoreFile()).toString(),
					ca.brokerKeyStore(node.bindAddress()));
		}
		if (node.infra()) {
			// the infrastructure's node gives every principal its credential on the
			// brokers
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
				this.principals.passwordsFor(principals.stream().distinct().toList()));
		if (node.services()) {
			files.put(principalsDir.resolve(this.principals.deploymentSecretFile().getFileName()).toString(),
					read(this.principals.deploymentSecretFile()));
			// every gateway signs with the same key, so a token is good at all of them
			files.put(GatewaySigningKey.FILE, read(this.layout.dataDir().resolve(GatewaySigningKey.FILE)));
		}
		if (node.infra() || node.services()) {
			Path secret = this.layout.ldapDir().resolve(LdapDirectory.MANAGER_SECRET_FILE);
			files.put(this.layout.dataDir().relativize(secret).toString(), read(secret));
		}
		String key = read(blobAccountKeyFile()).strip();
		String endpoint = blobEndpoint(node);
		if (node.infra()) {
			files.put(BLOB_ACCOUNTS_FILE, BLOB_ACCOUNT + ":" + key + "\n");
		}
		if (node.services()) {
			files.put(BLOB_WRITER_FILE,
					"# app-controller stores app packages with the account's key\n"
							+ "iotp.blob-store.azure.connection-string=DefaultEndpointsProtocol=http;AccountName="
							+ BLOB_ACCOUNT + ";AccountKey=" + key + ";BlobEndpoint=" + endpoint + ";\n");
		}
		if (node.apps()) {
			files.put(BLOB_READER_FILE,
					"# the node agent reads app packages, and may do nothing else\n"
							+ "iotp.blob-store.azure.account-url=" + endpoint + "\niotp.blob-store.azure.sas-token="
							+ readOnlyAccess(endpoint, key) + "\n");
		}
		return files;
	}

	/** The blob store's endpoint on the infrastructure's node, Azurite's path style. */
	static String blobEndpoint(NodePlacement node) {
		return "http://" + node.infraAddress() + ":" + Ports.defaults().blobStore() + "/" + BLOB_ACCOUNT;
	}

	/** A shared access signature that reads the platform's container, for a year. */
	private static String readOnlyAccess(String endpoint, String key) {
		BlobContainerClient container = new BlobContainerClientBuilder().endpoint(endpoint)
			.containerName(BLOB_CONTAINER)
			.credential(new StorageSharedKeyCredential(BLOB_ACCOUNT, key))
			.httpClient(new JdkHttpClientBuilder().build())
			.buildClient();
		return container.generateSas(
				new BlobServiceSasSignatureValues(OffsetDateTime.now(ZoneOffset.UTC).plus(READ_ACCESS_VALIDITY),
						new BlobContainerSasPermission().setReadPermission(true)));
	}

	private Path blobAccountKeyFile() {
		return this.layout.dataDir().resolve("blob-store").resolve("account-key");
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
