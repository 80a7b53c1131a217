package io.iotp.deployer.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;

/**
 * Each deployment with {@code kafka} delivery reads Kafka as a principal of its own,
 * {@code deployment-<id>}: it may read its app's topics ({@code app.<app>.}…) in consumer
 * groups named {@code <app>} or {@code <app>.}…, and nothing else. The principal is made
 * when the deployment starts and deleted, with its ACLs, when the deployment ends.
 * <p>
 * A deployment's password is derived from the deployment id and a secret only the
 * deployer reads (HMAC-SHA256), so replacement instances get the same one and nothing is
 * stored. Without that secret the broker is taken to ask nobody who they are, and
 * deployments get no credentials.
 */
@Component
public class AppKafkaAccess implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AppKafkaAccess.class);

	private static final int SCRAM_ITERATIONS = 4096;

	private static final int TIMEOUT_SECONDS = 15;

	private final AppKafkaProperties properties;

	private final KafkaAdmin kafkaAdmin;

	private final byte @Nullable [] secret;

	private volatile @Nullable Admin admin;

	public AppKafkaAccess(AppKafkaProperties properties, KafkaAdmin kafkaAdmin) {
		this.properties = properties;
		this.kafkaAdmin = kafkaAdmin;
		this.secret = (properties.secretFile() != null) ? readSecret(properties) : null;
	}

	private static byte[] readSecret(AppKafkaProperties properties) {
		try {
			return Files.readString(properties.secretFile(), StandardCharsets.UTF_8)
				.strip()
				.getBytes(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the deployments' Kafka secret " + properties.secretFile(), ex);
		}
	}

	/** Whether the deployment has a principal of its own: a service reads Kafka. */
	public static boolean needed(DeploymentRequested request) {
		return request.services().stream().anyMatch((service) -> service.sensorDelivery() == SensorDelivery.KAFKA);
	}

	/** Whether deployments get credentials of their own. */
	public boolean enabled() {
		return this.secret != null;
	}

	/**
	 * Makes the deployment's principal and its ACLs (again: both are idempotent).
	 * @throws PlatformException when Kafka does not take them
	 */
	public void grant(String app, String deploymentId) {
		if (!enabled()) {
			return;
		}
		String user = user(deploymentId);
		try {
			Admin client = admin();
			client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
					new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS), password(deploymentId))))
				.all()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			client.createAcls(acls(app, user)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			log.info("[deployment {}] Kafka principal {} may read app {}'s topics", deploymentId, user, app);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE, "interrupted while granting Kafka access", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new PlatformException(ErrorCodes.DEPLOYMENT_START_FAILED,
					"Kafka did not take the deployment's credentials: " + cause.getMessage(), ex);
		}
	}

	/**
	 * Deletes the deployment's principal and ACLs; a deployment that never had any is
	 * fine. A failure is logged: the next stop of the same deployment tries again.
	 */
	public void revoke(String deploymentId) {
		if (!enabled()) {
			return;
		}
		String user = user(deploymentId);
		try {
			Admin client = admin();
			client
				.deleteAcls(List.of(new AclBindingFilter(ResourcePatternFilter.ANY,
						new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY))))
				.all()
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			try {
				client
					.alterUserScramCredentials(
							List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_256)))
					.all()
					.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof ResourceNotFoundException)) {
					throw ex;
				}
			}
			log.info("[deployment {}] Kafka principal {} revoked", deploymentId, user);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			log.warn("[deployment {}] revoking Kafka principal {} failed: {}", deploymentId, user, ex.toString());
		}
	}

	/**
	 * What an instance needs to log in: the protocol, the mechanism, its user and
	 * password; nothing when deployments get no credentials.
	 */
	public Map<String, String> environment(String deploymentId) {
		Map<String, String> env = new LinkedHashMap<>();
		if (enabled()) {
			env.put("KAFKA_SECURITY_PROTOCOL", this.properties.securityProtocol());
			env.put("KAFKA_SASL_MECHANISM", this.properties.mechanism());
			env.put("KAFKA_SASL_USERNAME", user(deploymentId));
			env.put("KAFKA_SASL_PASSWORD", password(deploymentId));
		}
		return env;
	}

	/** The principal of a deployment. */
	public static String user(String deploymentId) {
		return "deployment-" + deploymentId;
	}

	private static List<AclBinding> acls(String app, String user) {
		String prefix = Topics.appTopicsPrefix(app);
		return List.of(allow(user, ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.READ),
				allow(user, ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.DESCRIBE),
				allow(user, ResourceType.GROUP, app, PatternType.LITERAL, AclOperation.READ),
				allow(user, ResourceType.GROUP, app + ".", PatternType.PREFIXED, AclOperation.READ));
	}

	private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
			AclOperation operation) {
		return new AclBinding(new ResourcePattern(type, name, pattern),
				new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
	}

	private String password(String deploymentId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			byte[] digest = mac.doFinal(deploymentId.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	private Admin admin() {
		Admin client = this.admin;
		if (client == null) {
			synchronized (this) {
				client = this.admin;
				if (client == null) {
					client = Admin.create(this.kafkaAdmin.getConfigurationProperties());
					this.admin = client;
				}
			}
		}
		return client;
	}

	@Override
	public void destroy() {
		Admin client = this.admin;
		if (client != null) {
			client.close();
		}
	}

}
