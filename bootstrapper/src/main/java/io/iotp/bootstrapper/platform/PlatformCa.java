package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The platform's certificate authority: made at a fleet's first {@code up}, kept in its
 * data directory on the machine that runs {@code iotp up --nodes}, and never copied to a
 * node. It signs each broker's certificate for the node's address, and every node trusts
 * it alone, so the Kafka traffic between nodes is encrypted and each end knows the broker
 * it talks to. Keys are EC P-256: small, and cheap to handshake with on small machines.
 */
public final class PlatformCa {

	/** The authority's certificate, which every node trusts. */
	public static final String CERTIFICATE_FILE = "tls/ca.pem";

	static final String KEY_FILE = "tls/ca.key";

	private static final Duration CA_VALIDITY = Duration.ofDays(3650);

	private static final Duration BROKER_VALIDITY = Duration.ofDays(825);

	private static final String SIGNATURE = "SHA256withECDSA";

	private final PrivateKey key;

	private final X509CertificateHolder certificate;

	private final String certificatePem;

	private PlatformCa(PrivateKey key, X509CertificateHolder certificate, String certificatePem) {
		this.key = key;
		this.certificate = certificate;
		this.certificatePem = certificatePem;
	}

	/**
	 * The authority kept in {@code dir}, made there first when there is none.
	 * @throws PlatformException when its files cannot be read or written
	 */
	public static PlatformCa in(Path dir) {
		Path keyFile = dir.resolve(KEY_FILE);
		Path certificateFile = dir.resolve(CERTIFICATE_FILE);
		try {
			if (!Files.isRegularFile(keyFile) || !Files.isRegularFile(certificateFile)) {
				KeyPair pair = newKeyPair();
				X500Name name = new X500Name("CN=iotp platform CA " + Instant.now().getEpochSecond());
				X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(),
						Date.from(Instant.now().plus(CA_VALIDITY)), name, pair.getPublic());
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
				builder.addExtension(Extension.subjectKeyIdentifier, false,
						new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
				X509CertificateHolder certificate = builder.build(signer(pair.getPrivate()));
				PrivateFiles.createDirectory(keyFile.getParent());
				PrivateFiles.write(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
				PrivateFiles.write(certificateFile, pem(certificate));
			}
			String certificatePem = Files.readString(certificateFile, StandardCharsets.UTF_8);
			return new PlatformCa(readKey(keyFile), (X509CertificateHolder) parse(certificatePem), certificatePem);
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException | ClassCastException ex) {
			throw new PlatformException("cannot make or read the platform's certificate authority in "
					+ dir.resolve("tls") + ": " + ex.getMessage(), ex);
		}
	}

	/** The authority's certificate, PEM. */
	public String certificatePem() {
		return this.certificatePem;
	}

	/**
	 * A new key and certificate for the broker at {@code address} (an IP address or a
	 * host name, as clients connect to it), with the authority's certificate after it:
	 * the PEM key store Kafka reads.
	 */
	public String brokerKeyStore(String address) {
		try {
			KeyPair pair = newKeyPair();
			GeneralName subjectName = isIpAddress(address) ? new GeneralName(GeneralName.iPAddress, address)
					: new GeneralName(GeneralName.dNSName, address);
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.certificate.getSubject(), serial(),
					notBefore(), Date.from(Instant.now().plus(BROKER_VALIDITY)),
					new X500Name("CN=iotp kafka " + address), pair.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
					new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectName));
			X509CertificateHolder certificate = builder.build(signer(this.key));
			return pem(new JcaPKCS8Generator(pair.getPrivate(), null)) + pem(certificate) + this.certificatePem;
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new PlatformException(
					"cannot make the certificate of the broker at " + address + ": " + ex.getMessage(), ex);
		}
	}

	static boolean isIpAddress(String address) {
		if (address.contains(":")) {
			return true;
		}
		return address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
	}

	private static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
		return generator.generateKeyPair();
	}

	private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
		return new JcaContentSignerBuilder(SIGNATURE).build(key);
	}

	private static BigInteger serial() {
		return new BigInteger(120, new SecureRandom());
	}

	/** A little in the past, so a node whose clock is behind accepts it at once. */
	private static Date notBefore() {
		return Date.from(Instant.now().minus(Duration.ofHours(1)));
	}

	private static String pem(Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		return text.toString();
	}

	private static Object parse(String pem) throws IOException {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			return parser.readObject();
		}
	}

	private static PrivateKey readKey(Path file) throws IOException {
		Object parsed = parse(Files.readString(file, StandardCharsets.UTF_8));
		if (!(parsed instanceof PrivateKeyInfo info)) {
			throw new IOException(file + " holds no private key");
		}
		return new JcaPEMKeyConverter().getPrivateKey(info);
	}

}
