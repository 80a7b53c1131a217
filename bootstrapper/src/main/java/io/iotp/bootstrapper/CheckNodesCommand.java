package io.iotp.bootstrapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.iotp.bootstrapper.fleet.FleetNode;
import io.iotp.bootstrapper.fleet.KnownHosts;
import io.iotp.bootstrapper.fleet.NodeCheck;
import io.iotp.bootstrapper.fleet.NodeShell;
import io.iotp.bootstrapper.fleet.NodeStepException;
import io.iotp.bootstrapper.fleet.NodesFile;
import io.iotp.bootstrapper.platform.Ports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iotp check --nodes nodes.yml}: reads the fleet's file and checks every node over
 * SSH, all at once, before anything is started there. Prints what each node has, or the
 * step that failed and what to do; exit code 0 only when every node passed.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
		description = "Check a fleet before starting it: read nodes.yml, then log in to every node over SSH and "
				+ "check Java 21+, free disk, free ports and its clock. Starts nothing. Exit code 0 only when "
				+ "every node passed.")
final class CheckNodesCommand implements Callable<Integer> {

	@Option(names = "--nodes", required = true, paramLabel = "FILE", description = "The fleet's nodes.yml.")
	Path nodesFile;

	@Mixin
	SshOptions ssh = new SshOptions();

	@Override
	public Integer call() throws Exception {
		List<FleetNode> nodes = NodesFile.read(this.nodesFile);
		System.out.println("Checking " + nodes.size() + " node" + ((nodes.size() == 1) ? "" : "s") + " of "
				+ this.nodesFile + " over SSH");
		NodeCheck check = new NodeCheck(Ports.defaults());
		Duration timeout = this.ssh.timeout();
		KnownHosts knownHosts = this.ssh.knownHosts();
		List<Future<Map<String, String>>> results = new ArrayList<>();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			for (FleetNode node : nodes) {
				results.add(pool.submit(() -> {
					try (NodeShell shell = NodeShell.open(node, knownHosts, timeout)) {
						return check.check(shell, node);
					}
				}));
			}
		}
		int failed = 0;
		for (int i = 0; i < nodes.size(); i++) {
			FleetNode node = nodes.get(i);
			try {
				Map<String, String> facts = results.get(i).get();
				System.out.println("  " + node.name() + "  ok");
				facts.forEach((step, fact) -> System.out.printf("    %-6s %s%n", step, fact));
			}
			catch (ExecutionException ex) {
				failed++;
				String reason = (ex.getCause() instanceof NodeStepException step) ? step.getMessage()
						: node.describe() + ": " + ex.getCause();
				System.out.println("  " + node.name() + "  FAILED: " + reason);
			}
		}
		System.out.println((failed == 0) ? "Every node is ready." : failed + " of " + nodes.size() + " node"
				+ ((nodes.size() == 1) ? "" : "s") + " failed; nothing was started.");
		return (failed == 0) ? 0 : 4;
	}

}
