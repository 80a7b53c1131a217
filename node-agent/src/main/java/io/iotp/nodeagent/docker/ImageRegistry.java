package io.iotp.nodeagent.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image registry the nodes share (any Registry API v2 registry: the platform's own,
 * Azure Container Registry, ...): a node that built a service's image pushes it, and
 * another node that needs the same image pulls it rather than building it again. An image
 * is named there as it is locally, behind the registry's address.
 */
public final class ImageRegistry {

	private static final Logger log = LoggerFactory.getLogger(ImageRegistry.class);

	private final DockerEngine engine;

	private final String address;

	private final @Nullable AuthConfig auth;

	private final Duration timeout;

	ImageRegistry(DockerEngine engine, String address, @Nullable AuthConfig auth, Duration timeout) {
		this.engine = engine;
		this.address = address;
		this.auth = auth;
		this.timeout = timeout;
	}

	/**
	 * The registry of the agent's configuration, with the credentials of its credentials
	 * file ({@code user:password} on one line); none when no registry is configured.
	 */
	public static @Nullable ImageRegistry of(DockerEngine engine) {
		DockerProperties properties = engine.properties();
		if (properties.registry() == null || properties.registry().isBlank()) {
			return null;
		}
		String address = properties.registry().strip();
		AuthConfig auth = null;
		if (properties.registryCredentials() != null) {
			String[] credentials = readCredentials(properties.registryCredentials());
			auth = new AuthConfig().withRegistryAddress(address)
				.withUsername(credentials[0])
				.withPassword(credentials[1]);
		}
		return new ImageRegistry(engine, address, auth, properties.buildTimeout());
	}

	private static String[] readCredentials(Path file) {
		try {
			String line = Files.readString(file, StandardCharsets.UTF_8).strip();
			int colon = line.indexOf(':');
			if (colon <= 0 || colon == line.length() - 1) {
				throw new IllegalArgumentException(
						"iotp.node.docker.registry-credentials " + file + " must hold user:password on one line");
			}
			return new String[] { line.substring(0, colon), line.substring(colon + 1) };
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read iotp.node.docker.registry-credentials " + file, ex);
		}
	}

	/** Where the registry is, as image names start with it. */
	public String address() {
		return this.address;
	}

	/**
	 * Pulls {@code reference} from the registry and gives it its local name.
	 * @return whether the registry had it
	 */
	public boolean pull(String reference) {
		String remote = remote(reference);
		AtomicReference<String> error = new AtomicReference<>();
		try {
			ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
				@Override
				public void onNext(PullResponseItem item) {
					remember(item, error);
				}
			};
			this.engine.client().pullImageCmd(remote).withAuthConfig(this.auth).exec(callback);
			if (!callback.awaitCompletion(this.timeout.toSeconds(), TimeUnit.SECONDS)) {
				log.warn("pulling {} took more than {} s; building it instead", remote, this.timeout.toSeconds());
				return false;
			}
		}
		catch (DockerException | DockerClientException ex) {
			log.info("image {} not pulled from {}: {}", reference, this.address, ex.getMessage());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		if (error.get() != null || !this.engine.hasImage(remote)) {
			log.info("image {} not pulled from {}: {}", reference, this.address, error.get());
			return false;
		}
		this.engine.tag(remote, reference);
		return true;
	}

	/**
	 * Pushes the local image {@code reference} to the registry.
	 * @throws IllegalStateException when the registry refuses it, with its reason
	 */
	public void push(String reference) {
		String remote = remote(reference);
		this.engine.tag(reference, remote);
		AtomicReference<String> error = new AtomicReference<>();
		try {
			ResultCallback.Adapter<PushResponseItem> callback = new ResultCallback.Adapter<>() {
				@Override
				public void onNext(PushResponseItem item) {
					remember(item, error);
				}
			};
			this.engine.client().pushImageCmd(remote).withAuthConfig(this.auth).exec(callback);
			if (!callback.awaitCompletion(this.timeout.toSeconds(), TimeUnit.SECONDS)) {
				throw new IllegalStateException(
						"pushing " + remote + " took more than " + this.timeout.toSeconds() + " s");
			}
		}
		catch (DockerException | DockerClientException ex) {
			throw new IllegalStateException("pushing " + remote + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while pushing " + remote, ex);
		}
		if (error.get() != null) {
			throw new IllegalStateException("the registry refused " + remote + ": " + error.get());
		}
	}

	private static void remember(ResponseItem item, AtomicReference<String> error) {
		if (item.getErrorDetail() != null) {
			error.set(item.getErrorDetail().getMessage());
		}
		else if (item.getError() != null) {
			error.set(item.getError());
		}
	}

	private String remote(String reference) {
		return this.address + "/" + reference;
	}

}
