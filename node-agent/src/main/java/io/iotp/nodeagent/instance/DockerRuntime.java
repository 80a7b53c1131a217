package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.dockerjava.api.exception.DockerException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.app.Resources;
import io.iotp.contracts.ids.InstanceId;
import io.iotp.contracts.node.ExecutionMode;
import io.iotp.contracts.node.StartInstance;
import io.iotp.nodeagent.docker.AppContainers;
import io.iotp.nodeagent.docker.DockerEngine;
import io.iotp.nodeagent.docker.PortRelay;
import io.iotp.nodeagent.docker.ImageRegistry;
import io.iotp.nodeagent.docker.ServiceImages;
import io.iotp.nodeagent.logs.InstanceOutput;
import io.iotp.nodeagent.node.Runtimes;

/**
 * Runs instances as locked-down containers ({@link AppContainers}) of their service's
 * image ({@link ServiceImages}). A container is named after its node and instance, so the
 * next agent finds it by name; its main process, as this machine sees it, is the run's
 * pid. The platform's own ports are out of a container's reach; its {@code IOTP_API_URL}
 * leads to the gateway through a relay ({@link PortRelay}), and with {@code kafka}
 * delivery its {@code KAFKA_BOOTSTRAP_SERVERS} to the broker's app listener through
 * another.
 */
final class DockerRuntime implements InstanceRuntime {

	private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);

	private static final String API_URL = "IOTP_API_URL";

	private static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";

	private final DockerEngine engine;

	private final AppContainers containers;

	private final ServiceImages images;

	private final String nodeId;

	/** This agent among others of the same node id on the machine: its work folder. */
	private final String agent;

	private final String address;

	private final Map<InstanceId, String> imageOf = new ConcurrentHashMap<>();

	private final Map<InstanceId, CompletableFuture<Exit>> exits = new ConcurrentHashMap<>();

	private final Map<InetSocketAddress, PortRelay> relays = new ConcurrentHashMap<>();

	private final @Nullable InetSocketAddress kafkaAppsListener;

	private volatile @Nullable String networkGateway;

	/**
	 * @param address the node's address, where containers' ports are published
	 */
	DockerRuntime(DockerEngine engine, String nodeId, Path workDir, String address) {
		this.engine = engine;
		this.containers = new AppContainers(engine);
		this.images = new ServiceImages(engine, ImageRegistry.of(engine));
		this.nodeId = nodeId;
		this.agent = ServiceImages.sha256(workDir.toAbsolutePath().normalize().toString()).substring(0, 16);
		this.address = address;
		String kafka = engine.properties().kafkaAppsListener();
		this.kafkaAppsListener = (kafka != null)
				? InetSocketAddress.createUnresolved(kafka.substring(0, kafka.lastIndexOf(':')),
						Integer.parseInt(kafka.substring(kafka.lastIndexOf(':') + 1)))
				: null;
	}

	/**
	 * Whether a container can read Kafka: the broker has a listener for apps, which the
	 * agent relays to.
	 */
	boolean reachesKafka() {
		return this.kafkaAppsListener != null;
	}

	@Override
	public ExecutionMode mode() {
		return ExecutionMode.DOCKER;
	}

	/**
	 * The service's command, or its runtime's default, as the container runs it in
	 * {@code /app}: a program shipped in the service folder is named by its path there
	 * (and made executable, which a zip cannot record).
	 */
	@Override
	public List<String> commandLine(StartInstance spec, Path dir) {
		List<String> line = new ArrayList<>(Runtimes.command(spec.runtime(), spec.command()));
		InstanceLauncher.shippedProgram(dir, line.getFirst(), false)
			.ifPresent((shipped) -> line.set(0, "/app/" + dir.relativize(shipped)));
		return List.copyOf(line);
	}

	@Override
	public void prepare(ManagedInstance instance) {
		this.imageOf.put(instance.id(), image(instance));
	}

	private String image(ManagedInstance instance) {
		StartInstance spec = instance.spec;
		try {
			return this.images.imageOf(instance.dir,
					new ServiceImages.ServiceImage(spec.app().value(), spec.service(), version(spec), spec.runtime()),
					Map.of("io.iotp.app", spec.app().value(), "io.iotp.service", spec.service(), "io.iotp.version",
							version(spec)));
		}
		catch (DockerException ex) {
			throw new IllegalArgumentException("the Docker engine refused the image: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The app version, from the artifact's key ({@code apps/<app>/<version>/app.zip}).
	 */
	private static String version(StartInstance spec) {
		String[] parts = spec.artifactKey().split("/");
		return (parts.length >= 4) ? parts[parts.length - 2] : "unversioned";
	}

	@Override
	public Run start(ManagedInstance instance, int port, InstanceOutput output) throws IOException {
		StartInstance spec = instance.spec;
		String image = this.imageOf.computeIfAbsent(instance.id(), (id) -> image(instance));
		prepareOutput(output);
		// the network is made on first use, and again should an admin have removed it
		String gateway = networkGateway();
		List<String> extraHosts = (spec.env().containsKey(KAFKA_BOOTSTRAP) && this.kafkaAppsListener != null)
				? List.of(this.engine.properties().kafkaAppsHost() + ":" + gateway) : List.of();
		Resources resources = spec.resources();
		AppContainers.Started started;
		try {
			started = this.containers.start(new AppContainers.ContainerRequest(name(instance.id()), image,
					instance.commandLine, environment(spec, port), labels(spec), this.address, port,
					output.stdoutFile().toString(), output.stderrFile().toString(),
					(resources.memoryMb() > 0) ? resources.memoryMb() : Resources.DEFAULT.memoryMb(),
					(resources.cpu() > 0) ? resources.cpu() : Resources.DEFAULT.cpu(), extraHosts));
		}
		catch (DockerException | IllegalStateException ex) {
			throw new IOException("the Docker engine did not start the container: " + ex.getMessage(), ex);
		}
		CompletableFuture<Exit> exit = this.containers.awaitExit(started.id())
			.thenApply((ended) -> new Exit(ended.code(), ended.cause()));
		this.exits.put(instance.id(), exit);
		log.info("instance {} runs in container {} of image {}", instance.id(), started.id(), image);
		// just started: its pid is its own (the engine's start time is not the kernel's)
		return new Run(handle(started.pid(), null).orElse(null), exit,
				(started.startedAt() != null) ? started.startedAt() : Instant.now());
	}

	/**
	 * The environment of a container: the command's {@code env}, then what only the agent
	 * knows. A container's {@code HOST} is all of its own interfaces: it has nothing else
	 * to listen on, and only its published port leads to it.
	 */
	private Map<String, String> environment(StartInstance spec, int port) throws IOException {
		Map<String, String> env = new LinkedHashMap<>(spec.env());
		env.put("PYTHONUNBUFFERED", "1");
		env.put("HOME", "/work");
		env.put("TMPDIR", "/tmp");
		env.put("PORT", Integer.toString(port));
		env.put("HOST", "0.0.0.0");
		env.put("IOTP_APP", spec.app().value());
		env.put("IOTP_SERVICE", spec.service());
		env.put("IOTP_INSTANCE_ID", spec.instanceId().value());
		String apiUrl = spec.env().get(API_URL);
		if (apiUrl != null) {
			env.put(API_URL, throughRelay(apiUrl));
		}
		InetSocketAddress kafka = this.kafkaAppsListener;
		if (spec.env().containsKey(KAFKA_BOOTSTRAP) && kafka != null) {
			// the broker advertises its app listener by a name containers resolve to
			// the relay
			InetSocketAddress at = relay(new InetSocketAddress(kafka.getHostString(), kafka.getPort()),
					kafka.getPort());
			env.put(KAFKA_BOOTSTRAP, this.engine.properties().kafkaAppsHost() + ":" + at.getPort());
		}
		return env;
	}

	/**
	 * The gateway's URL as a container reaches it: the relay's address on its network.
	 */
	private String throughRelay(String apiUrl) throws IOException {
		URI uri = URI.create(apiUrl);
		InetSocketAddress gateway = new InetSocketAddress(uri.getHost(),
				(uri.getPort() > 0) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80));
		InetSocketAddress at = relay(gateway, 0);
		return uri.getScheme() + "://" + at.getAddress().getHostAddress() + ":" + at.getPort()
				+ ((uri.getRawPath() != null) ? uri.getRawPath() : "");
	}

	/**
	 * Where containers reach {@code target}: a relay on the app network's gateway, on
	 * {@code port} (0: any), made on first use.
	 */
	private InetSocketAddress relay(InetSocketAddress target, int port) throws IOException {
		PortRelay relay = this.relays.get(target);
		if (relay == null) {
			synchronized (this.relays) {
				relay = this.relays.get(target);
				if (relay == null) {
					relay = new PortRelay(networkGateway(), port, target);
					this.relays.put(target, relay);
				}
			}
		}
		return relay.address();
	}

	private String networkGateway() {
		String gateway = this.engine.appNetworkGateway(this.nodeId);
		String known = this.networkGateway;
		if (known != null && !known.equals(gateway)) {
			// a network made again may have another address: relays bound to the old one
			// are unreachable
			closeRelays();
		}
		this.networkGateway = gateway;
		return gateway;
	}

	/**
	 * The output files exist before the container starts, and belong to its user: the
	 * engine would make a missing one a folder of root's.
	 */
	private void prepareOutput(InstanceOutput output) throws IOException {
		String[] user = this.engine.properties().user().split(":");
		for (Path file : List.of(output.stdoutFile(), output.stderrFile())) {
			Files.createDirectories(file.getParent());
			if (!Files.exists(file)) {
				Files.createFile(file);
			}
			try {
				Files.setAttribute(file, "unix:uid", Integer.parseInt(user[0]));
				Files.setAttribute(file, "unix:gid", Integer.parseInt(user[1]));
			}
			catch (IOException | UnsupportedOperationException ex) {
				// an agent that is not root cannot give files away: the container's user
				// may then write them as anybody may
				file.toFile().setWritable(true, false);
			}
		}
	}

	private Map<String, String> labels(StartInstance spec) {
		return Map.of(AppContainers.NODE_LABEL, this.nodeId, AppContainers.AGENT_LABEL, this.agent,
				AppContainers.INSTANCE_LABEL, spec.instanceId().value(), "io.iotp.app", spec.app().value(),
				"io.iotp.deployment", spec.deploymentId().value(), "io.iotp.service", spec.service());
	}

	@Override
	public Optional<Run> find(RunKey key) {
		try {
			return this.containers.inspect(name(key.instance()))
				.filter((started) -> started.pid() > 0 && started.pid() == key.pid())
				.flatMap((started) -> handle(started.pid(), key.processStart()).map((handle) -> {
					CompletableFuture<Exit> exit = this.containers.awaitExit(started.id())
						.thenApply((ended) -> new Exit(ended.code(), ended.cause()));
					this.exits.put(key.instance(), exit);
					return new Run(handle, exit, (started.startedAt() != null) ? started.startedAt() : Instant.now());
				}));
		}
		catch (DockerException ex) {
			log.warn("could not look for the container of instance {}: {}", key.instance(), ex.toString());
			return Optional.empty();
		}
	}

	private static Optional<ProcessHandle> handle(long pid, @Nullable Instant processStart) {
		return (pid > 0) ? ProcessHandle.of(pid).filter((handle) -> ProcessTree.sameStart(handle, processStart))
				: Optional.empty();
	}

	@Override
	public void killLeftovers(RunKey key) {
		remove(key.instance());
	}

	@Override
	public boolean stop(RunKey key, Duration grace) {
		boolean graceful = this.containers.stop(name(key.instance()), grace);
		CompletableFuture<Exit> exit = this.exits.get(key.instance());
		if (exit != null) {
			try {
				// its exit code is learned from the container, which is about to go
				exit.get(2, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				log.debug("no exit code for instance {}: {}", key.instance(), ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		remove(key.instance());
		return graceful;
	}

	private void remove(InstanceId instance) {
		try {
			this.containers.remove(name(instance));
		}
		catch (DockerException ex) {
			log.warn("could not remove the container of instance {}: {}", instance, ex.toString());
		}
		this.exits.remove(instance);
	}

	@Override
	public long residentKib(RunKey key) {
		return (key.pid() > 0) ? ProcessTree.residentKibOfTree(key.pid()) : 0;
	}

	@Override
	public void removeStrays(Set<InstanceId> known) {
		try {
			this.containers.removeAllBut(this.agent, known.stream().map(InstanceId::value).toList());
		}
		catch (DockerException ex) {
			log.warn("could not list the containers of node {}: {}", this.nodeId, ex.toString());
		}
	}

	/** Stops the relays; the containers stay for the next agent, or were stopped. */
	void close() {
		closeRelays();
	}

	private void closeRelays() {
		for (PortRelay relay : List.copyOf(this.relays.values())) {
			this.relays.values().remove(relay);
			try {
				relay.close();
			}
			catch (IOException ex) {
				log.debug("closing a gateway relay: {}", ex.toString());
			}
		}
	}

	private String name(InstanceId instance) {
		return "iotp-" + this.agent + "-" + instance.value();
	}

}
