package io.iotp.bootstrapper.platform;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The gateways' token signing key of a fleet, made once by the bootstrapper so the
 * gateway of every services node signs and checks tokens alike: a token one gateway
 * issued is good at all of them. Written where each gateway reads its key (an RS256 JWK,
 * as the gateway makes one for itself on a single machine).
 */
final class GatewaySigningKey {

	/** Where the key sits, inside a node's data directory. */
	static final String FILE = "gateway/jwt-signing-key.json";

	private GatewaySigningKey() {
	}

	/** A new 2048-bit RSA key as a private JWK. */
	static String generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
			Map<String, String> jwk = new LinkedHashMap<>();
			jwk.put("kty", "RSA");
			jwk.put("use", "sig");
			jwk.put("alg", "RS256");
			jwk.put("kid", UUID.randomUUID().toString());
			jwk.put("n", base64(key.getModulus()));
			jwk.put("e", base64(key.getPublicExponent()));
			jwk.put("d", base64(key.getPrivateExponent()));
			jwk.put("p", base64(key.getPrimeP()));
			jwk.put("q", base64(key.getPrimeQ()));
			jwk.put("dp", base64(key.getPrimeExponentP()));
			jwk.put("dq", base64(key.getPrimeExponentQ()));
			jwk.put("qi", base64(key.getCrtCoefficient()));
			return jwk.entrySet()
				.stream()
				.map((field) -> "\"" + field.getKey() + "\":\"" + field.getValue() + "\"")
				.collect(Collectors.joining(",", "{", "}"));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("this JDK has no RSA", ex);
		}
	}

	/** Base64url of the number's unsigned big-endian bytes, as JWK wants it. */
	private static String base64(BigInteger number) {
		byte[] bytes = number.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			byte[] unsigned = new byte[bytes.length - 1];
			System.arraycopy(bytes, 1, unsigned, 0, unsigned.length);
			bytes = unsigned;
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
