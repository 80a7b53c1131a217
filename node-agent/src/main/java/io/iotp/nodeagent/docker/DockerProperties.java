package io.iotp.nodeagent.docker;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.iotp.contracts.app.RuntimeKind;

/**
 * How the node agent uses Docker ({@code iotp.node.docker.*}).
 *
 * @param mode whether apps run in containers: {@code off}, {@code auto} (when the engine
 * answers and the base images are there) or {@code on} (the agent does not start without
 * the engine)
 * @param host the engine's address; {@code DOCKER_HOST}, or the local socket, when unset
 * @param baseImage the base image of a runtime, {@code {runtime}} standing for its name
 * ({@code python}, {@code java}, {@code node}, {@code command}); made by
 * {@code iotp images}
 * @param network the bridge network app containers are attached to, made by the agent;
 * containers on it cannot reach each other
 * @param user the user and group every container runs as, whatever its image says
 * @param pidsLimit how many processes and threads one container may have
 * @param tmpSizeMb size of a container's writable {@code /tmp} and {@code /work}
 * @param maxImageSizeMb a service image larger than this is refused
 * @param buildTimeout how long building, pushing or pulling one service image may take
 * @param registry the image registry the nodes share ({@code host:port}, e.g.
 * {@code 127.0.0.1:5000} or {@code myregistry.azurecr.io}); images are built on every
 * node when unset
 * @param registryCredentials a file holding {@code user:password} for that registry,
 * readable by the agent alone
 * @param kafkaAppsListener the broker's listener for apps ({@code host:port}); a
 * container with {@code kafka} delivery reaches it through a relay on the same port of
 * the app network's gateway. Unset: services with {@code kafka} delivery run as processes
 * @param kafkaAppsHost the name that listener advertises: containers resolve it to the
 * app network's gateway
 */
@ConfigurationProperties("iotp.node.docker")
public record DockerProperties(@DefaultValue("off") Mode mode, @Nullable String host,
		@DefaultValue("iotp-runtime/{runtime}:bookworm") String baseImage, @DefaultValue("iotp-apps") String network,
		@DefaultValue("10001:10001") String user, @DefaultValue("256") long pidsLimit,
		@DefaultValue("64") long tmpSizeMb, @DefaultValue("2048") long maxImageSizeMb,
		@DefaultValue("10m") Duration buildTimeout, @Nullable String registry, @Nullable Path registryCredentials,
		@Nullable String kafkaAppsListener, @DefaultValue("iotp-kafka") String kafkaAppsHost) {

	public DockerProperties {
		if (!user.matches("[1-9][0-9]*:[1-9][0-9]*")) {
			throw new IllegalArgumentException(
					"iotp.node.docker.user must be uid:gid of a user other than root, not '" + user + "'");
		}
		if (kafkaAppsListener != null && !kafkaAppsListener.matches("[^:\\s]+:[1-9][0-9]{0,4}")) {
			throw new IllegalArgumentException(
					"iotp.node.docker.kafka-apps-listener must be host:port, not '" + kafkaAppsListener + "'");
		}
		if (pidsLimit < 16 || tmpSizeMb < 1 || maxImageSizeMb < 1) {
			throw new IllegalArgumentException("iotp.node.docker: pids-limit must be at least 16, tmp-size-mb and "
					+ "max-image-size-mb at least 1");
		}
	}

	/** The base image of {@code runtime}. */
	public String baseImageOf(RuntimeKind runtime) {
		return this.baseImage.replace("{runtime}", runtime.wireName());
	}

	/** Whether apps run in containers on this node. */
	public enum Mode {

		/** Never: every instance is a process. */
		OFF,

		/** When the engine answers and the base images are there. */
		AUTO,

		/** Always: the agent does not start without the engine. */
		ON

	}

}
