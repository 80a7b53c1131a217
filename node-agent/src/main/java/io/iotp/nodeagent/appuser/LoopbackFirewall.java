package io.iotp.nodeagent.appuser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the user of an instance may reach on this machine's own addresses: the ports it
 * was given (the gateway's, the broker's) and its own connections' answers, nothing else
 * (every other TCP connection is reset). Rules match the instance's uid
 * ({@code iptables -m owner}) in a chain of this agent's, {@code IOTP-<agent>}, which
 * {@code OUTPUT} jumps to; uids are unique among a machine's live instances, so agents
 * side by side do not meddle with each other's.
 * <p>
 * A restarted agent keeps the chain it finds, so the instances it re-adopts stay
 * confined; an agent that leaves no instance running removes it.
 */
final class LoopbackFirewall {

	private static final Logger log = LoggerFactory.getLogger(LoopbackFirewall.class);

	private static final String IPTABLES = "iptables";

	private final String chain;

	private final Map<Integer, List<List<String>>> rulesOf = new ConcurrentHashMap<>();

	private volatile boolean working;

	LoopbackFirewall(String agentKey) {
		this.chain = "IOTP-" + agentKey;
	}

	/**
	 * Makes the chain and the jump to it, keeping rules a previous agent left.
	 * @return whether iptables took them
	 */
	boolean open() {
		boolean exists = run("-S", this.chain);
		if (exists) {
			adoptRules();
		}
		this.working = (exists || run("-N", this.chain))
				&& (run("-C", "OUTPUT", "-j", this.chain) || run("-I", "OUTPUT", "1", "-j", this.chain));
		if (!this.working) {
			log.warn("iptables did not take chain {}: process instances can reach every port of this machine",
					this.chain);
		}
		return this.working;
	}

	/**
	 * Learns the rules a previous agent left, by uid, so that a uid given to a new
	 * instance loses its old rules.
	 */
	private void adoptRules() {
		String prefix = "-A " + this.chain + " ";
		for (String line : output("-S", this.chain).split("\n")) {
			if (!line.startsWith(prefix)) {
				continue;
			}
			List<String> rule = List.of(line.substring(prefix.length()).strip().split("\\s+"));
			int owner = rule.indexOf("--uid-owner");
			if (owner >= 0 && owner + 1 < rule.size() && rule.get(owner + 1).matches("[0-9]+")) {
				this.rulesOf.computeIfAbsent(Integer.parseInt(rule.get(owner + 1)), (uid) -> new ArrayList<>())
					.add(rule);
			}
		}
	}

	/**
	 * Lets the user {@code uid} reach only {@code ports} on this machine (plus the
	 * answers to connections made to it), replacing what that uid was allowed before.
	 * @throws IOException when iptables refuses: the instance must not start unconfined
	 */
	synchronized void confine(int uid, Set<Integer> ports) throws IOException {
		if (!this.working) {
			return;
		}
		String owner = Integer.toString(uid);
		List<List<String>> rules = new ArrayList<>();
		rules.add(List.of("-o", "lo", "-m", "owner", "--uid-owner", owner, "-m", "conntrack", "--ctstate",
				"ESTABLISHED,RELATED", "-j", "ACCEPT"));
		if (!ports.isEmpty()) {
			rules.add(List.of("-o", "lo", "-p", "tcp", "-m", "owner", "--uid-owner", owner, "-m", "multiport",
					"--dports", new TreeSet<>(ports).stream().map(String::valueOf).collect(Collectors.joining(",")),
					"-j", "ACCEPT"));
		}
		rules.add(List.of("-o", "lo", "-p", "tcp", "-m", "owner", "--uid-owner", owner, "-j", "REJECT", "--reject-with",
				"tcp-reset"));
		rules.add(List.of("-o", "lo", "-m", "owner", "--uid-owner", owner, "-j", "REJECT"));
		// one transaction: the old rules of this uid go and the new ones come at once, in
		// one call of iptables-restore rather than one process per rule
		StringBuilder batch = new StringBuilder("*filter\n");
		List<List<String>> previous = this.rulesOf.remove(uid);
		if (previous != null) {
			previous.forEach((rule) -> batch.append("-D ")
				.append(this.chain)
				.append(' ')
				.append(String.join(" ", rule))
				.append('\n'));
		}
		rules.forEach((rule) -> batch.append("-A ")
			.append(this.chain)
			.append(' ')
			.append(String.join(" ", rule))
			.append('\n'));
		batch.append("COMMIT\n");
		if (!restore(batch.toString())) {
			throw new IOException("iptables refused to confine uid " + uid + " (chain " + this.chain + ")");
		}
		this.rulesOf.put(uid, rules);
	}

	/** Removes the jump and the chain, this agent's or a previous one's. */
	synchronized void close() {
		while (run("-D", "OUTPUT", "-j", this.chain)) {
			// a jump added twice goes twice
		}
		run("-F", this.chain);
		run("-X", this.chain);
		this.rulesOf.clear();
		this.working = false;
	}

	private static boolean restore(String batch) {
		try {
			Process process = new ProcessBuilder(IPTABLES + "-restore", "-w", "5", "--noflush")
				.redirectErrorStream(true)
				.start();
			try (var in = process.getOutputStream()) {
				in.write(batch.getBytes(StandardCharsets.UTF_8));
			}
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			if (process.exitValue() != 0) {
				log.warn("iptables-restore refused {}: {}", batch.strip().replace('\n', ';'),
						new String(output, StandardCharsets.UTF_8).strip());
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			log.warn("iptables-restore: {}", ex.toString());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** What iptables printed, when it succeeded; nothing otherwise. */
	private static String output(String... arguments) {
		return iptables(arguments).orElse("");
	}

	private static boolean run(String... arguments) {
		return iptables(arguments).isPresent();
	}

	/**
	 * Runs iptables: its output when it exited with 0, else nothing (and a debug line).
	 */
	private static Optional<String> iptables(String... arguments) {
		List<String> command = new ArrayList<>(List.of(IPTABLES, "-w", "5"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return Optional.empty();
			}
			if (process.exitValue() != 0) {
				log.debug("{}: {}", String.join(" ", command), output.strip());
				return Optional.empty();
			}
			return Optional.of(output);
		}
		catch (IOException ex) {
			log.debug("{}: {}", String.join(" ", command), ex.toString());
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

}
