package io.iotp.nodeagent.docker;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.WaitResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * App instances as containers, locked down: a user other than root, a read-only root
 * filesystem with a writable {@code /tmp} and {@code /work}, no capabilities, no new
 * privileges, memory (without swap), CPU and process limits, and labels naming the
 * instance and its node, by which an agent finds its containers again.
 */
public final class AppContainers {

	private static final Logger log = LoggerFactory.getLogger(AppContainers.class);

	/** Label naming the node whose agent runs a container. */
	public static final String NODE_LABEL = "io.iotp.node";

	/**
	 * Label naming the agent that runs a container, by its work folder: several platforms
	 * on one machine may each have a node of the same id.
	 */
	public static final String AGENT_LABEL = "io.iotp.agent";

	/** Label naming the instance a container runs. */
	public static final String INSTANCE_LABEL = "io.iotp.instance";

	/** Where a container's stdout and stderr files are mounted. */
	private static final String OUTPUT_DIR = "/iotp/output";

	/**
	 * The instance's command, its output appended to files the agent reads: they outlive
	 * the agent, which the engine's own log stream would not.
	 */
	private static final List<String> ENTRYPOINT = List.of("/bin/sh", "-c",
			"exec \"$@\" >>" + OUTPUT_DIR + "/stdout 2>>" + OUTPUT_DIR + "/stderr", "iotp-instance");

	private final DockerClient client;

	private final DockerProperties properties;

	public AppContainers(DockerEngine engine) {
		this.client = engine.client();
		this.properties = engine.properties();
	}

	/**
	 * Creates and starts the container of a run, replacing a container of the same name.
	 * @return the container as it runs
	 */
	public Started start(ContainerRequest request) {
		remove(request.name());
		HostConfig host = HostConfig.newHostConfig()
			.withReadonlyRootfs(true)
			.withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + this.properties.tmpSizeMb() + "m,mode=1777", "/work",
					"rw,nosuid,nodev,size=" + this.properties.tmpSizeMb() + "m,mode=0700,uid=" + uid() + ",gid="
							+ gid()))
			.withCapDrop(Capability.ALL)
			.withSecurityOpts(List.of("no-new-privileges"))
			.withMemory(request.memoryMb() * 1024 * 1024)
			.withMemorySwap(request.memoryMb() * 1024 * 1024)
			.withNanoCPUs((long) (request.cpu() * 1_000_000_000L))
			.withPidsLimit(this.properties.pidsLimit())
			.withNetworkMode(this.properties.network())
			.withExtraHosts(request.extraHosts().toArray(String[]::new))
			.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(request.hostAddress(), request.port()),
					ExposedPort.tcp(request.port())))
			.withBinds(new Bind(request.stdoutFile(), new Volume(OUTPUT_DIR + "/stdout")),
					new Bind(request.stderrFile(), new Volume(OUTPUT_DIR + "/stderr")))
			.withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
			.withRestartPolicy(RestartPolicy.noRestart());
		String id = this.client.createContainerCmd(request.image())
			.withName(request.name())
			.withUser(this.properties.user())
			.withWorkingDir("/app")
			.withEntrypoint(ENTRYPOINT)
			.withCmd(request.command())
			.withEnv(request.env().entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toList())
			.withLabels(request.labels())
			.withExposedPorts(ExposedPort.tcp(request.port()))
			.withStopSignal("SIGTERM")
			.withHostConfig(host)
			.exec()
			.getId();
		this.client.startContainerCmd(id).exec();
		return inspect(id).orElseThrow(() -> new IllegalStateException("container " + id + " vanished at start"));
	}

	/** The container named {@code name}, if there is one. */
	public Optional<Started> inspect(String name) {
		try {
			InspectContainerResponse container = this.client.inspectContainerCmd(name).exec();
			InspectContainerResponse.ContainerState state = container.getState();
			long pid = (state.getPidLong() != null) ? state.getPidLong() : 0;
			return Optional.of(new Started(container.getId(), Boolean.TRUE.equals(state.getRunning()) ? pid : 0,
					instant(state.getStartedAt())));
		}
		catch (NotFoundException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Completes once the container has stopped, with its exit code and, when the kernel
	 * killed it for its memory, that cause.
	 */
	public CompletableFuture<Ended> awaitExit(String id) {
		CompletableFuture<Ended> ended = new CompletableFuture<>();
		this.client.waitContainerCmd(id).exec(new WaitContainerResultCallback() {
			@Override
			public void onNext(WaitResponse response) {
				Integer code = response.getStatusCode();
				ended.complete(new Ended(code,
						oomKilled(id) ? "killed for using more memory than its resources.memoryMb" : null));
				super.onNext(response);
			}

			@Override
			public void onError(Throwable error) {
				ended.complete(new Ended(null, null));
				super.onError(error);
			}
		});
		return ended;
	}

	private boolean oomKilled(String id) {
		try {
			return Boolean.TRUE.equals(this.client.inspectContainerCmd(id).exec().getState().getOOMKilled());
		}
		catch (DockerException ex) {
			return false;
		}
	}

	/**
	 * Sends the container its stop signal and kills it after {@code grace}.
	 * @return whether it stopped before being killed
	 */
	public boolean stop(String name, Duration grace) {
		long started = System.nanoTime();
		try {
			this.client.stopContainerCmd(name).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
		}
		catch (NotFoundException ex) {
			return true;
		}
		catch (DockerException ex) {
			// already stopped answers 304, which docker-java reports as an exception
			log.debug("stopping container {}: {}", name, ex.toString());
		}
		return Duration.ofNanos(System.nanoTime() - started).compareTo(grace) < 0;
	}

	/** Removes the container named {@code name} with whatever still runs in it. */
	public void remove(String name) {
		try {
			this.client.removeContainerCmd(name).withForce(true).exec();
		}
		catch (NotFoundException ex) {
			// nothing to remove
		}
	}

	/**
	 * Removes the containers of agent {@code agent} that run none of {@code keep}: those
	 * of instances that ended while no agent watched.
	 * @return how many were removed
	 */
	public int removeAllBut(String agent, Collection<String> keep) {
		Set<String> kept = Set.copyOf(keep);
		List<Container> containers = this.client.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of(AGENT_LABEL, agent))
			.exec();
		List<String> removed = new ArrayList<>();
		for (Container container : containers) {
			String instance = container.getLabels().get(INSTANCE_LABEL);
			if (instance == null || !kept.contains(instance)) {
				remove(container.getId());
				removed.add(container.getId());
			}
		}
		if (!removed.isEmpty()) {
			log.info("removed {} container(s) of agent {} that ran no known instance: {}", removed.size(), agent,
					removed);
		}
		return removed.size();
	}

	private String uid() {
		return this.properties.user().split(":")[0];
	}

	private String gid() {
		return this.properties.user().split(":")[1];
	}

	private static @Nullable Instant instant(@Nullable String timestamp) {
		try {
			return (timestamp != null) ? Instant.parse(timestamp) : null;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * A container to start.
	 *
	 * @param name its name, unique on the engine
	 * @param image its image
	 * @param command what it runs, in {@code /app}
	 * @param env its environment
	 * @param labels its labels, {@link #NODE_LABEL} and {@link #INSTANCE_LABEL} among
	 * them
	 * @param hostAddress where its port is published on this machine
	 * @param port the port it listens on, inside and published
	 * @param stdoutFile the file its stdout is appended to
	 * @param stderrFile the file its stderr is appended to
	 * @param memoryMb its memory, swap excluded
	 * @param cpu its CPU, in cores
	 * @param extraHosts {@code name:address} lines for its {@code /etc/hosts}
	 */
	public record ContainerRequest(String name, String image, List<String> command, Map<String, String> env,
			Map<String, String> labels, String hostAddress, int port, String stdoutFile, String stderrFile,
			long memoryMb, double cpu, List<String> extraHosts) {

	}

	/**
	 * A container as the engine knows it.
	 *
	 * @param id its id
	 * @param pid its main process as this machine sees it; 0 when it does not run
	 * @param startedAt when it started
	 */
	public record Started(String id, long pid, @Nullable Instant startedAt) {

	}

	/**
	 * How a container ended.
	 *
	 * @param code its exit code, when the engine said
	 * @param cause why, when the engine knows more than the code
	 */
	public record Ended(@Nullable Integer code, @Nullable String cause) {

	}

}
