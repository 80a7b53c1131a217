package io.iotp.bootstrapper.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import io.iotp.bootstrapper.platform.FleetSecrets;
import io.iotp.bootstrapper.platform.NodePlacement;
import io.iotp.bootstrapper.platform.PlatformException;
import io.iotp.bootstrapper.platform.Ports;
import io.iotp.bootstrapper.platform.Progress;
import org.jspecify.annotations.Nullable;

/**
 * A platform over the nodes of {@code nodes.yml}, brought up, reported on and taken down
 * over SSH. Each node gets its share of the built platform (by checksum), a node plan
 * saying what runs there and where the rest is, and the secrets of what runs there; then
 * the bootstrapper there starts its components detached and waits for their health,
 * printing its progress, which is shown here line by line under the node's name. The
 * infrastructure's node comes first; the others start together.
 */
public final class Fleet {

	private static final String HOME_DIR = NodeFiles.HOME_DIR;

	/** Beyond a node's own start timeout: its infrastructure, copies, and a slow stop. */
	private static final Duration NODE_UP_MARGIN = Duration.ofMinutes(2);

	private final List<FleetNode> nodes;

	private final Path nodesFile;

	private final KnownHosts knownHosts;

	private final Duration sshTimeout;

	private final Path projectRoot;

	private final FleetSecrets secrets;

	private final Path workDir;

	private final @Nullable String mongoUri;

	private final Progress progress;

	private final Duration startTimeout;

	/**
	 * @param secretsDir where the fleet's secrets are kept on this machine
	 * @param mongoUri an external MongoDB every node's services use, or null for the
	 * embedded store on the infrastructure's node
	 * @param startTimeout how long a service may take to answer healthy on a node
	 */
	public Fleet(Path nodesFile, KnownHosts knownHosts, Duration sshTimeout, Path projectRoot, Path secretsDir,
			@Nullable String mongoUri, Duration startTimeout, Progress progress) {
		this.startTimeout = startTimeout;
		this.mongoUri = mongoUri;
		this.nodesFile = nodesFile;
		this.nodes = NodesFile.read(nodesFile);
		this.knownHosts = knownHosts;
		this.sshTimeout = sshTimeout;
		this.projectRoot = projectRoot;
		this.secrets = new FleetSecrets(secretsDir);
		this.workDir = secretsDir.resolve("dist");
		this.progress = progress;
	}

	/**
	 * What runs on the node and where the rest is. Every services node runs a replica of
	 * each platform service and a gateway, and its own are the ones it is configured
	 * with; a node without them uses the first services node's.
	 */
	NodePlacement placement(FleetNode node) {
		FleetNode infra = first(Role.INFRA);
		boolean services = node.roles().contains(Role.SERVICES);
		return new NodePlacement(node.name(), node.address(), infra.address(),
				services ? node.address() : first(Role.SERVICES).address(), node == infra, services,
				node.roles().contains(Role.APPS), node.labels(), node.cpu(), node.memoryMb(), this.mongoUri,
				infraNodes().stream().map(FleetNode::address).toList());
	}

	/** The URL of the gateway on each services node. */
	public List<String> gatewayUrls() {
		return this.nodes.stream()
			.filter((node) -> node.roles().contains(Role.SERVICES))
			.map((node) -> "http://" + node.address() + ":" + Ports.defaults().gateway())
			.toList();
	}

	/**
	 * Checks every node, copies, configures and starts them; returns once all are
	 * healthy.
	 * @throws PlatformException naming the node and the step that failed
	 */
	public void up() {
		Instant begin = Instant.now();
		this.progress.say("Starting the IoT platform on " + this.nodes.size() + " nodes of " + this.nodesFile);
		Map<FleetNode, NodeShell> shells = openAndCheck();
		try {
			this.secrets.prepare();
			Distribution distribution = new Distribution(this.projectRoot, this.workDir);
			DistributionSync sync = new DistributionSync(distribution);
			forEach(this.nodes, (node) -> {
				NodePlacement placement = placement(node);
				DistributionSync.Outcome outcome = sync.sync(shells.get(node), distribution.files(roles(placement)),
						(line) -> say(node, line));
				say(node, "platform copied: " + outcome);
				writeNodeFiles(shells.get(node), placement);
				return null;
			});
			// the brokers together, as a KRaft quorum forms only once most of its
			// controllers run; the first infrastructure node then gives every principal
			// its credentials, and only after that may anything log in to them
			FleetNode infra = first(Role.INFRA);
			forEach(infraNodes(), (node) -> {
				remote(shells.get(node), (node == infra) ? "up" : "up --infrastructure-only");
				return null;
			});
			forEach(this.nodes.stream().filter((node) -> node != infra).toList(), (node) -> {
				remote(shells.get(node), "up");
				return null;
			});
			forEach(this.nodes, (node) -> {
				say(node, BootStart.install(shells.get(node), command("up")));
				return null;
			});
			NodeShell.Result credentials = shells.get(infra)
				.run("cat " + HOME_DIR + "/data/admin-credentials", "credentials");
			this.progress.say("");
			this.progress.say("The platform is up on " + this.nodes.size() + " nodes ("
					+ String.format("%.1f s", Duration.between(begin, Instant.now()).toMillis() / 1000.0) + ").");
			this.progress.say("  Gateways:     " + String.join("  ", gatewayUrls()));
			if (credentials.exitCode() == 0) {
				this.progress.say("  Admin login:  " + credentials.stdout().strip().replaceFirst(":", " / ")
						+ "   (kept on " + infra.name() + " in ~/" + HOME_DIR + "/data/admin-credentials)");
			}
			this.progress.say("  Logs:         ~/" + HOME_DIR + "/data/logs on each node");
			this.progress.say("  Stop it with: iotp down --nodes " + this.nodesFile);
		}
		finally {
			shells.values().forEach(NodeShell::close);
		}
	}

	/**
	 * Every node's components and their state.
	 * @return whether every component of every node is up
	 */
	public boolean status() {
		Map<FleetNode, String> unreachable = new LinkedHashMap<>();
		Map<FleetNode, NodeShell> shells = openReachable(unreachable);
		try {
			Map<FleetNode, NodeShell.Result> results = forEach(List.copyOf(shells.keySet()), (node) -> {
				try {
					return shells.get(node).run(command("status"), "status");
				}
				catch (PlatformException ex) {
					return new NodeShell.Result(-1, "", ex.getMessage());
				}
			});
			boolean allUp = unreachable.isEmpty();
			for (FleetNode node : this.nodes) {
				NodeShell.Result result = results.get(node);
				if (result == null) {
					this.progress.say(node.name() + " (" + node.address() + "): NOT REACHED");
					this.progress.say("  " + unreachable.get(node));
					continue;
				}
				this.progress.say(node.name() + " (" + node.address() + ")");
				for (String line : (result.stdout() + result.stderr()).strip().split("\n")) {
					this.progress.say("  " + line);
				}
				allUp &= result.exitCode() == 0;
			}
			this.progress.say("Gateways: " + String.join("  ", gatewayUrls()));
			return allUp;
		}
		finally {
			shells.values().forEach(NodeShell::close);
		}
	}

	/**
	 * Sessions to the nodes that answer; the others with the reason, in
	 * {@code unreachable}.
	 */
	private Map<FleetNode, NodeShell> openReachable(Map<FleetNode, String> unreachable) {
		Map<FleetNode, NodeShell> shells = new LinkedHashMap<>();
		Map<FleetNode, CompletableFuture<NodeShell>> opening = new LinkedHashMap<>();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (FleetNode node : this.nodes) {
				opening.put(node, CompletableFuture
					.supplyAsync(() -> NodeShell.open(node, this.knownHosts, this.sshTimeout), pool));
			}
		}
		opening.forEach((node, future) -> {
			try {
				shells.put(node, future.join());
			}
			catch (CompletionException ex) {
				unreachable.put(node, (ex.getCause() instanceof PlatformException) ? ex.getCause().getMessage()
						: node.describe() + ": " + ex.getCause());
			}
		});
		return shells;
	}

	/**
	 * Stops every node's components: the nodes that only run apps first, the
	 * infrastructure's node last. Data stays on the nodes. A node that cannot be reached
	 * does not keep the others running; it is named at the end.
	 * @throws PlatformException naming the nodes that could not be stopped
	 */
	public void down() {
		Map<FleetNode, String> unreachable = new LinkedHashMap<>();
		Map<FleetNode, NodeShell> shells = openReachable(unreachable);
		unreachable.keySet()
			.forEach((node) -> say(node, "not reached: nothing was stopped there, and it starts its share again "
					+ "when its machine starts; run iotp down --nodes again once it is back"));
		try {
			// first, so a node that restarts while the rest stop does not start again
			forEach(List.copyOf(shells.keySet()), (node) -> {
				BootStart.remove(shells.get(node));
				return null;
			});
			List<FleetNode> infraNodes = infraNodes();
			FleetNode services = first(Role.SERVICES);
			forEach(this.nodes.stream()
				.filter((node) -> !infraNodes.contains(node) && node != services && shells.containsKey(node))
				.toList(), (node) -> {
					remote(shells.get(node), "down");
					return null;
				});
			if (!infraNodes.contains(services) && shells.containsKey(services)) {
				remote(shells.get(services), "down");
			}
			forEach(infraNodes.stream().filter(shells::containsKey).toList(), (node) -> {
				remote(shells.get(node), "down");
				return null;
			});
		}
		finally {
			shells.values().forEach(NodeShell::close);
		}
		if (!unreachable.isEmpty()) {
			throw new PlatformException("the platform is down on " + shells.size() + " of " + this.nodes.size()
					+ " nodes; not reached:\n" + String.join("\n", unreachable.values()));
		}
		this.progress.say("The platform is down on " + this.nodes.size() + " nodes; their data is kept.");
	}

	/** Runs the node's bootstrapper with a subcommand, its output shown as it comes. */
	private void remote(NodeShell shell, String subcommand) {
		FleetNode node = shell.node();
		Duration limit = this.startTimeout.multipliedBy(2).plus(NODE_UP_MARGIN);
		int exit = shell.stream(command(subcommand), subcommand, limit, (line) -> say(node, line));
		if (exit != 0) {
			throw new NodeStepException(node, subcommand,
					"iotp " + subcommand + " there failed (exit code " + exit + "); its output is above",
					"Its logs are in ~" + node.user() + "/" + HOME_DIR + "/data/logs there; once the cause is fixed, "
							+ "iotp " + subcommand + " --nodes " + this.nodesFile + " again resumes");
		}
	}

	private String command(String subcommand) {
		return "cd \"$HOME/" + HOME_DIR
				+ "\" && J=\"$(command -v java || echo \"$JAVA_HOME/bin/java\")\" && exec \"$J\""
				+ " -XX:TieredStopAtLevel=1 -jar dist/bootstrapper/target/bootstrapper.jar " + subcommand
				+ " --data-dir \"$HOME/" + HOME_DIR + "/data\" --project-root \"$HOME/" + HOME_DIR + "/dist\""
				+ " --node-plan \"$HOME/" + HOME_DIR + "/data/node.properties\""
				+ (subcommand.startsWith("up") ? " --start-timeout " + this.startTimeout.toSeconds() : "");
	}

	/** The node plan and the node's secrets, each for its owner only. */
	private void writeNodeFiles(NodeShell shell, NodePlacement placement) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("data/node.properties", placement.plan());
		this.secrets.forNode(placement).forEach((path, content) -> files.put("data/" + path, content));
		NodeFiles.write(shell, files, "configure");
	}

	/** Opens a session to every node and checks it; any failure ends it here. */
	private Map<FleetNode, NodeShell> openAndCheck() {
		NodeCheck check = new NodeCheck(Ports.defaults());
		Map<FleetNode, NodeShell> shells = open(this.nodes);
		try {
			forEach(this.nodes, (node) -> {
				Map<String, String> facts = check.check(shells.get(node), node);
				say(node,
						"ready: " + facts.get("java")
								+ ((facts.containsKey("nodejs")) ? ", " + facts.get("nodejs") : "") + ", "
								+ facts.get("disk") + ", " + facts.get("ports") + ", clock " + facts.get("clock"));
				return null;
			});
		}
		catch (PlatformException ex) {
			shells.values().forEach(NodeShell::close);
			throw ex;
		}
		return shells;
	}

	private Map<FleetNode, NodeShell> open(List<FleetNode> nodes) {
		return forEach(nodes, (node) -> NodeShell.open(node, this.knownHosts, this.sshTimeout));
	}

	/**
	 * Runs the action on every node at once and waits for all.
	 * @throws PlatformException listing every node that failed, with its reason
	 */
	private <T> Map<FleetNode, T> forEach(List<FleetNode> nodes, Function<FleetNode, T> action) {
		Map<FleetNode, CompletableFuture<T>> futures = new LinkedHashMap<>();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (FleetNode node : nodes) {
				futures.put(node, CompletableFuture.supplyAsync(() -> action.apply(node), pool));
			}
		}
		Map<FleetNode, T> results = new LinkedHashMap<>();
		List<String> failures = new ArrayList<>();
		futures.forEach((node, future) -> {
			try {
				results.put(node, future.join());
			}
			catch (CompletionException ex) {
				Throwable cause = ex.getCause();
				failures
					.add((cause instanceof PlatformException) ? cause.getMessage() : node.describe() + ": " + cause);
			}
		});
		if (!failures.isEmpty()) {
			results.values().forEach((value) -> {
				if (value instanceof NodeShell shell) {
					shell.close();
				}
			});
			throw new PlatformException(String.join("\n", failures));
		}
		return results;
	}

	/** Every node with the role infra: each runs a Kafka broker. */
	private List<FleetNode> infraNodes() {
		return this.nodes.stream().filter((node) -> node.roles().contains(Role.INFRA)).toList();
	}

	private FleetNode first(Role role) {
		return this.nodes.stream()
			.filter((node) -> node.roles().contains(role))
			.findFirst()
			.orElseThrow(() -> new PlatformException(this.nodesFile + " has no node with the role " + role.key()));
	}

	private static Set<Role> roles(NodePlacement placement) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		if (placement.infra()) {
			roles.add(Role.INFRA);
		}
		if (placement.services()) {
			roles.add(Role.SERVICES);
		}
		if (placement.apps()) {
			roles.add(Role.APPS);
		}
		return roles;
	}

	private synchronized void say(FleetNode node, String line) {
		this.progress.say(String.format("  %-10s %s", node.name(), line));
	}

}
