package io.iotp.sensormanager.binding;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.iotp.sensormanager.access.AppGrant;

/**
 * App-scoped tokens ({@code IOTP_API_TOKEN}): {@code iotp_app_<deployment id>_<mac>}, the
 * mac being base64url(HMAC-SHA256(key, deployment id + "\n" + the binding's boundAt in
 * ms)). Nothing is stored per token: asking for the binding again (replacement instances)
 * gives the same token, a cron deployment's next run (a new boundAt) a new one, and a
 * token is valid exactly while its binding is active, so the end of the deployment
 * revokes it.
 */
@Component
class AppTokens {

	static final String PREFIX = "iotp_app_";

	/**
	 * Length of an unpadded base64url SHA-256 mac; deployment ids may contain '_', so the
	 * mac is cut off by length.
	 */
	private static final int MAC_LENGTH = 43;

	private static final String ALGORITHM = "HmacSHA256";

	private final AppTokenKey key;

	private final BindingStore store;

	AppTokens(AppTokenKey key, BindingStore store) {
		this.key = key;
		this.store = store;
	}

	/** The token of this run of the deployment's binding. */
	String issue(BindingDocument binding) {
		return PREFIX + binding.id() + "_" + mac(binding.id(), binding.boundAt());
	}

	/**
	 * What the token grants, when it is well formed, genuine and its binding active; else
	 * empty.
	 */
	Optional<AppGrant> verify(String token) {
		if (!token.startsWith(PREFIX) || token.length() < PREFIX.length() + 2 + MAC_LENGTH
				|| token.charAt(token.length() - MAC_LENGTH - 1) != '_') {
			return Optional.empty();
		}
		String deploymentId = token.substring(PREFIX.length(), token.length() - MAC_LENGTH - 1);
		byte[] given = token.substring(token.length() - MAC_LENGTH).getBytes(StandardCharsets.US_ASCII);
		return this.store.find(deploymentId)
			.filter((binding) -> binding.state() == BindingState.ACTIVE)
			// constant time, so the mac cannot be guessed byte by byte
			.filter((binding) -> MessageDigest.isEqual(given,
					mac(deploymentId, binding.boundAt()).getBytes(StandardCharsets.US_ASCII)))
			.map((binding) -> new AppGrant(binding.id(), binding.app(), binding.owner(), binding.sensorIds()));
	}

	private String mac(String deploymentId, Instant boundAt) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(this.key.key(), ALGORITHM));
			// milliseconds: what MongoDB keeps of boundAt
			byte[] digest = mac
				.doFinal((deploymentId + "\n" + boundAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
