package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.iotp.bootstrapper.process.ProcessLauncher;
import io.iotp.bootstrapper.process.ProcessRecord;
import io.iotp.bootstrapper.process.ProcessRegistry;
import io.iotp.bootstrapper.process.ProcessStopper;

/**
 * One embedded platform on this machine: brings it up, reports on it, takes it down.
 * Every process it starts is recorded in the data directory, so another invocation of the
 * CLI finds them again.
 */
public class Platform {

	private static final Duration INFRA_TIMEOUT = Duration.ofSeconds(90);

	/** How long a service may take to answer healthy, unless told otherwise. */
	public static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(240);

	private static final Duration GRACE = Duration.ofSeconds(20);

	private final PlatformLayout layout;

	private final PlatformComponents components;

	private final ProcessRegistry registry;

	private final ProcessLauncher launcher;

	private final Progress progress;

	private final Duration serviceTimeout;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	public Platform(PlatformLayout layout, String version, Progress progress) {
		this(layout, version, progress, SERVICE_TIMEOUT);
	}

	/**
	 * @param serviceTimeout how long a service may take to answer healthy before up gives
	 * up (a slow or busy machine may need more than {@link #SERVICE_TIMEOUT})
	 */
	public Platform(PlatformLayout layout, String version, Progress progress, Duration serviceTimeout) {
		this.serviceTimeout = serviceTimeout;
		this.layout = layout;
		this.components = new PlatformComponents(layout, version);
		this.registry = new ProcessRegistry(layout.runDir());
		this.launcher = new ProcessLauncher(this.registry, layout.logDir());
		this.progress = progress;
	}

	public PlatformLayout layout() {
		return this.layout;
	}

	/**
	 * Starts every component that is not running yet and waits until all are healthy.
	 * @throws PlatformException with a readable reason if anything does not come up; what
	 * this call started is stopped again
	 */
	public UpResult up() {
		return up(false);
	}

	/**
	 * @param infrastructureOnly start only the infrastructure here: the brokers of a
	 * fleet start so, together, before anything logs in to them
	 */
	public UpResult up(boolean infrastructureOnly) {
		Instant begin = Instant.now();
		StartChecks checks = new StartChecks(this.layout, this.components);
		checks.jarsBuilt();
		boolean firstStart = DataDirectory.prepare(this.layout.dataDir());
		List<ComponentSpec> all = infrastructureOnly ? this.components.infrastructure() : this.components.all();
		Map<String, Long> alreadyRunning = new LinkedHashMap<>();
		for (ComponentSpec spec : all) {
			this.registry.find(spec.name())
				.flatMap(ProcessRecord::live)
				.ifPresent(p -> alreadyRunning.put(spec.name(), p.pid()));
		}
		List<ComponentSpec> toStart = all.stream().filter(spec -> !alreadyRunning.containsKey(spec.name())).toList();
		checks.portsFree(toStart);
		this.progress.say("Starting the IoT platform (data in " + this.layout.dataDir() + ")");
		alreadyRunning.forEach((name, pid) -> this.progress.say(line(name, "already running (pid " + pid + ")")));
		List<String> started = new ArrayList<>();
		Map<String, Duration> startTimes = new LinkedHashMap<>();
		try {
			List<ComponentSpec> infra = toStart.stream()
				.filter(s -> s.kind() == ComponentSpec.Kind.INFRASTRUCTURE)
				.toList();
			preparePrincipals();
			if (infra.stream().anyMatch(s -> s.name().equals("kafka"))) {
				prepareKafka();
			}
			if (infra.stream().anyMatch(s -> s.name().equals("registry"))) {
				prepareRegistry();
			}
			startAndAwait(infra, INFRA_TIMEOUT, started, startTimes);
			if (this.layout.placement().infra()) {
				new KafkaSetup(this.layout).provision(Duration.ofSeconds(60));
			}
			List<String> services = toStart.stream()
				.filter(s -> s.kind() != ComponentSpec.Kind.INFRASTRUCTURE)
				.map(ComponentSpec::name)
				.toList();
			if (!this.layout.placement().fleetMember()) {
				// a training run starts every service, which a node of a fleet does not
				// have
				new StartupCacheTraining(this.layout, this.components, this.progress).prepare(services);
			}
			// specs anew: a service whose start-up cache was just made starts from it
			startAndAwait(this.components.services().stream().filter(s -> services.contains(s.name())).toList(),
					this.serviceTimeout, started, startTimes);
			// Services may have been running while a piece of infrastructure was
			// restarted: wait for them too.
			awaitAllHealthy(all, this.serviceTimeout);
		}
		catch (RuntimeException ex) {
			if (!started.isEmpty()) {
				this.progress.say("Stopping what this start began: " + String.join(", ", started));
				stopComponents(started.reversed());
			}
			throw ex;
		}
		Duration took = Duration.between(begin, Instant.now());
		if (this.layout.placement().fleetMember()) {
			this.progress.say("Node " + this.layout.placement().nodeId() + " is up (" + seconds(took) + ").");
			return new UpResult(took, startTimes, firstStart);
		}
		String credentials = firstStart ? readCredentials() : null;
		this.progress.say("");
		this.progress.say("The platform is up (" + seconds(took) + ").");
		this.progress.say("  Gateway:      " + this.layout.gatewayUrl());
		if (credentials != null) {
			this.progress.say("  Admin login:  " + credentials.replaceFirst(":", " / ")
					+ "   (shown on first start only; saved in " + this.layout.adminCredentialsFile() + ")");
		}
		else {
			this.progress.say("  Admin login:  see " + this.layout.adminCredentialsFile());
		}
		this.progress.say("  Logs:         " + this.layout.logDir());
		this.progress.say("  Stop it with: iotp down");
		return new UpResult(took, startTimes, firstStart);
	}

	/** The state of every component, as {@code iotp status} shows it. */
	public List<ComponentStatus> status() {
		List<ComponentStatus> rows = new ArrayList<>();
		for (ComponentSpec spec : this.components.all()) {
			Optional<ProcessHandle> process = this.registry.find(spec.name()).flatMap(ProcessRecord::live);
			ComponentStatus.State state = process.isEmpty() ? ComponentStatus.State.DOWN
					: spec.health().isHealthy(this.http) ? ComponentStatus.State.UP : ComponentStatus.State.STARTING;
			rows.add(new ComponentStatus(spec.name(), spec.kind(), state, process.map(ProcessHandle::pid).orElse(null),
					spec.health().target()));
		}
		return rows;
	}

	/**
	 * Stops every process this platform started: the node agent (with the app instances
	 * it runs) first, while the services can still hear what became of them and record
	 * it; then the services; the infrastructure last.
	 */
	public void down() {
		List<ProcessRecord> records = this.registry.all();
		if (records.isEmpty()) {
			this.progress.say("Nothing to stop: no platform process is recorded in " + this.layout.runDir());
			return;
		}
		this.progress.say("Stopping the IoT platform (data in " + this.layout.dataDir() + ")");
		List<String> infraNames = this.components.infrastructure().stream().map(ComponentSpec::name).toList();
		List<String> names = records.stream().map(ProcessRecord::component).toList();
		List<String> agents = names.stream().filter(PlatformComponents.NODE_AGENT::equals).toList();
		List<String> services = names.stream().filter(n -> !infraNames.contains(n) && !agents.contains(n)).toList();
		stopComponents(agents);
		stopComponents(services);
		stopComponents(names.stream().filter(infraNames::contains).toList());
		this.progress.say("The platform is down; its data is kept in " + this.layout.dataDir() + ".");
	}

	private void stopComponents(List<String> names) {
		ProcessStopper stopper = new ProcessStopper();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<CompletableFuture<Void>> stops = new ArrayList<>();
			for (String name : names) {
				stops.add(CompletableFuture.runAsync(() -> {
					Optional<ProcessHandle> process = this.registry.find(name).flatMap(ProcessRecord::live);
					if (process.isPresent()) {
						Instant begin = Instant.now();
						ProcessStopper.Outcome outcome = stopper.stop(process.get(), GRACE);
						this.progress
							.say(line(name, (outcome == ProcessStopper.Outcome.KILLED ? "killed after " : "stopped in ")
									+ seconds(Duration.between(begin, Instant.now()))));
					}
					this.registry.forget(name);
				}, pool));
			}
			CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
		}
	}

	private void startAndAwait(List<ComponentSpec> specs, Duration timeout, List<String> started,
			Map<String, Duration> startTimes) {
		Instant begin = Instant.now();
		Map<ComponentSpec, Process> processes = new LinkedHashMap<>();
		for (ComponentSpec spec : specs) {
			processes.put(spec, this.launcher.start(spec.name(), spec.command(), spec.environment()));
			started.add(spec.name());
		}
		Map<ComponentSpec, Process> waiting = new LinkedHashMap<>(processes);
		Instant deadline = begin.plus(timeout);
		while (!waiting.isEmpty()) {
			for (var it = waiting.entrySet().iterator(); it.hasNext();) {
				var entry = it.next();
				ComponentSpec spec = entry.getKey();
				if (!entry.getValue().isAlive()) {
					throw new PlatformException(spec.name() + " exited during start-up (exit code "
							+ entry.getValue().exitValue() + ").\n" + logTail(spec.name()));
				}
				if (spec.health().isHealthy(this.http)) {
					Duration took = Duration.between(begin, Instant.now());
					startTimes.put(spec.name(), took);
					this.progress.say(line(spec.name(), "up in " + seconds(took)));
					it.remove();
				}
			}
			if (!waiting.isEmpty() && Instant.now().isAfter(deadline)) {
				ComponentSpec late = waiting.keySet().iterator().next();
				throw new PlatformException(late.name() + " did not become healthy within " + timeout.toSeconds()
						+ " s (" + late.health().target() + ").\n" + logTail(late.name()));
			}
			pause();
		}
	}

	private void awaitAllHealthy(List<ComponentSpec> specs, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		for (ComponentSpec spec : specs) {
			while (!spec.health().isHealthy(this.http)) {
				if (Instant.now().isAfter(deadline)) {
					throw new PlatformException(spec.name() + " is running but not healthy (" + spec.health().target()
							+ ").\n" + logTail(spec.name()));
				}
				pause();
			}
		}
	}

	private void prepareRegistry() {
		RegistrySetup registry = new RegistrySetup(this.layout);
		try {
			registry.prepare();
		}
		catch (IOException ex) {
			throw new PlatformException(
					"cannot prepare the image registry in " + registry.dir() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Every component's Kafka login, before any starts: a service may start while the
	 * broker already runs.
	 */
	private void preparePrincipals() {
		KafkaPrincipals principals = new KafkaPrincipals(this.layout);
		try {
			principals.prepare(this.layout.kafkaBootstrap());
		}
		catch (IOException ex) {
			throw new PlatformException(
					"cannot write the Kafka principals in " + principals.dir() + ": " + ex.getMessage(), ex);
		}
	}

	private void prepareKafka() {
		try {
			new KafkaSetup(this.layout).prepare();
		}
		catch (IOException ex) {
			throw new PlatformException("cannot prepare Kafka in " + this.layout.kafkaDir() + ": " + ex.getMessage(),
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException("interrupted while preparing Kafka", ex);
		}
		catch (IllegalStateException ex) {
			throw new PlatformException(ex.getMessage() + ". If the Kafka data in " + this.layout.kafkaDir()
					+ " is damaged, move it aside.", ex);
		}
	}

	private String readCredentials() {
		try {
			return Files.readString(this.layout.adminCredentialsFile(), StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			return null;
		}
	}

	private String logTail(String component) {
		Path log = this.launcher.logFile(component);
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
			return "Last lines of " + log + ":\n    " + String.join("\n    ", tail);
		}
		catch (IOException ex) {
			return "Its log is " + log + ".";
		}
	}

	/** One component's progress line, aligned like the rest. */
	static String line(String component, String what) {
		return String.format("  %-16s %s", component, what);
	}

	static String seconds(Duration duration) {
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException("interrupted");
		}
	}

	/**
	 * What {@link #up()} did.
	 *
	 * @param took from the call to all healthy
	 * @param startTimes how long each component it started took to become healthy
	 * @param firstStart whether the data directory was new
	 */
	public record UpResult(Duration took, Map<String, Duration> startTimes, boolean firstStart) {

	}

}
