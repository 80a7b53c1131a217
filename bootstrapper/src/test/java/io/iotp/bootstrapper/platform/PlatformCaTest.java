package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform's certificate authority, its certificates read as Kafka reads them (PEM
 * key and trust stores, through Kafka's own SSL engine factory) and used for real TLS
 * handshakes on loopback: a client that trusts the authority and checks the broker's
 * address accepts the broker it was issued for, and refuses one issued for another
 * address.
 */
class PlatformCaTest {

	@TempDir
	Path dir;

	@Test
	void isMadeOnceWithItsKeyForItsOwnerOnly() throws IOException {
		PlatformCa first = PlatformCa.in(this.dir);
		PlatformCa again = PlatformCa.in(this.dir);

		assertThat(again.certificatePem()).isEqualTo(first.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve(PlatformCa.KEY_FILE))))
			.isEqualTo("rw-------");
		String keyStore = first.brokerKeyStore("127.0.0.1");
		assertThat(keyStore).contains("-----BEGIN PRIVATE KEY-----")
			.doesNotContain(Files.readString(this.dir.resolve(PlatformCa.KEY_FILE)).lines().skip(1).findFirst().get())
			.endsWith(first.certificatePem());
	}

	@Test
	void aClientTrustingTheAuthorityAcceptsTheBrokerAtItsAddress() throws Exception {
		PlatformCa ca = PlatformCa.in(this.dir);

		assertThat(handshake(ca, ca.brokerKeyStore("127.0.0.1"))).isEqualTo("hello");
	}

	@Test
	void aClientRefusesABrokerWhoseCertificateIsForAnotherAddress() throws Exception {
		PlatformCa ca = PlatformCa.in(this.dir);

		assertThatThrownBy(() -> handshake(ca, ca.brokerKeyStore("127.0.0.2")))
			.isInstanceOf(SSLHandshakeException.class);
	}

	@Test
	void aClientRefusesABrokerOfAnotherAuthority() throws Exception {
		PlatformCa ca = PlatformCa.in(this.dir);
		PlatformCa stranger = PlatformCa.in(this.dir.resolve("stranger"));

		assertThatThrownBy(() -> handshake(ca, stranger.brokerKeyStore("127.0.0.1")))
			.isInstanceOf(SSLHandshakeException.class);
	}

	@Test
	void tellsAnAddressFromAHostName() {
		assertThat(PlatformCa.isIpAddress("127.0.0.21")).isTrue();
		assertThat(PlatformCa.isIpAddress("::1")).isTrue();
		assertThat(PlatformCa.isIpAddress("node1.example.org")).isFalse();
	}

	/**
	 * A broker on 127.0.0.1 with the key store, a client that trusts {@code ca} and
	 * checks the server's address as Kafka clients do; what the client read back.
	 */
	private String handshake(PlatformCa ca, String brokerKeyStore) throws Exception {
		Path keyStore = Files.writeString(this.dir.resolve("broker.pem"), brokerKeyStore);
		Path trust = Files.writeString(this.dir.resolve("trust.pem"), ca.certificatePem());
		DefaultSslEngineFactory server = factory(Map.of("ssl.keystore.type", "PEM", "ssl.keystore.location",
				keyStore.toString(), "ssl.truststore.type", "PEM", "ssl.truststore.location", trust.toString()));
		DefaultSslEngineFactory client = factory(
				Map.of("ssl.truststore.type", "PEM", "ssl.truststore.location", trust.toString()));
		try (SSLServerSocket listener = (SSLServerSocket) server.sslContext()
			.getServerSocketFactory()
			.createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
				try (SSLSocket accepted = (SSLSocket) listener.accept();
						OutputStream out = accepted.getOutputStream()) {
					out.write("hello".getBytes());
				}
				catch (IOException ex) {
					// the client refused the handshake
				}
			});
			try (SSLSocket socket = (SSLSocket) client.sslContext().getSocketFactory().createSocket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 5000);
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
				socket.setSoTimeout(5000);
				InputStream in = socket.getInputStream();
				String read = new String(in.readNBytes(5));
				answered.get(5, TimeUnit.SECONDS);
				return read;
			}
		}
		finally {
			server.close();
			client.close();
		}
	}

	private static DefaultSslEngineFactory factory(Map<String, String> settings) {
		Map<String, Object> properties = new HashMap<>(settings);
		properties.put("bootstrap.servers", "127.0.0.1:9");
		DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
		factory.configure(new AdminClientConfig(properties).values());
		return factory;
	}

}
