package io.iotp.bootstrapper.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.iotp.bootstrapper.platform.Ports;

/**
 * What a node must have before the platform starts there, checked over SSH in order: that
 * it can be reached and logged in to, Java 21 or newer, Node.js 18 or newer where the
 * infrastructure runs (the blob store is Azurite), free disk, the platform's ports free
 * on its address, its clock close to this machine's. The first step that fails ends the
 * check with a {@link NodeStepException} naming the node, the step and the remedy.
 * Nothing is started or changed on the node.
 */
public final class NodeCheck {

	static final int MIN_JAVA = 21;

	static final int MIN_NODE_JS = 18;

	static final long MIN_FREE_DISK_MB = 2048;

	static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(2);

	private static final Pattern JAVA_VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?[^\"]*\"");

	/** {@code /proc/net/tcp} and {@code tcp6}: local address:port, then the state. */
	private static final Pattern LISTENER = Pattern
		.compile("^\\s*\\d+:\\s+([0-9A-F]+):([0-9A-F]{4})\\s+[0-9A-F]+:[0-9A-F]{4}\\s+0A\\s", Pattern.MULTILINE);

	/**
	 * How {@code /proc/net/tcp6} writes {@code ::ffff:} (an IPv4 address on an IPv6
	 * socket).
	 */
	private static final String IPV4_MAPPED = "0000000000000000FFFF0000";

	/** Where a node's platform records its processes, from the login's home. */
	static final String RUN_DIR = "iotp/data/run";

	private final Ports ports;

	public NodeCheck(Ports ports) {
		this.ports = ports;
	}

	/**
	 * What was found, one line per step, in order.
	 * @throws NodeStepException at the first step that fails
	 */
	public Map<String, String> check(NodeShell shell, FleetNode node) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("ssh", "logged in as " + node.user() + ", host key " + shell.hostKey());
		facts.put("java", java(shell, node));
		if (node.roles().contains(Role.INFRA)) {
			facts.put("nodejs", nodeJs(shell, node));
		}
		facts.put("disk", disk(shell, node));
		facts.put("ports", ports(shell, node));
		facts.put("clock", clock(shell, node));
		return facts;
	}

	private String java(NodeShell shell, FleetNode node) {
		NodeShell.Result result = shell.run("if command -v java >/dev/null 2>&1; then java -version 2>&1; "
				+ "elif [ -n \"$JAVA_HOME\" ] && [ -x \"$JAVA_HOME/bin/java\" ]; then \"$JAVA_HOME/bin/java\" -version 2>&1; "
				+ "else echo 'no java'; exit 127; fi", "java");
		if (result.exitCode() == 127) {
			throw new NodeStepException(node, "java",
					"no Java on the node (no 'java' on the PATH of " + node.user() + "'s commands, no $JAVA_HOME)",
					"Install a JDK or JRE " + MIN_JAVA + "+ there (e.g. apt-get install openjdk-" + MIN_JAVA
							+ "-jre-headless)");
		}
		Matcher version = JAVA_VERSION.matcher(result.stdout());
		if (!version.find()) {
			throw new NodeStepException(node, "java",
					"'java -version' said nothing recognisable: " + firstLine(result.stdout() + result.stderr()),
					"Install a JDK or JRE " + MIN_JAVA + "+ there");
		}
		int major = Integer.parseInt(version.group(1));
		if (major == 1 && version.group(2) != null) {
			major = Integer.parseInt(version.group(2)); // 1.8 and older
		}
		if (major < MIN_JAVA) {
			throw new NodeStepException(node, "java", "Java " + major + " found; the platform needs " + MIN_JAVA + "+",
					"Install a JDK or JRE " + MIN_JAVA + "+ there and put it first on the PATH");
		}
		return "Java " + major + " (" + firstLine(result.stdout()) + ")";
	}

	/** The fleet's blob store, Azurite, runs on Node.js where the infrastructure runs. */
	private String nodeJs(NodeShell shell, FleetNode node) {
		NodeShell.Result result = shell.run("node --version", "nodejs");
		String version = result.stdout().strip();
		if (result.exitCode() != 0 || !version.matches("v\\d+\\..*")) {
			throw new NodeStepException(node, "nodejs",
					"no Node.js on the node ('node --version' failed), which runs the fleet's blob store (Azurite) "
							+ "on a node with the role infra",
					"Install Node.js " + MIN_NODE_JS + "+ there (e.g. apt-get install nodejs)");
		}
		int major = Integer.parseInt(version.substring(1, version.indexOf('.')));
		if (major < MIN_NODE_JS) {
			throw new NodeStepException(node, "nodejs",
					"Node.js " + version + " found; the blob store needs " + MIN_NODE_JS + "+",
					"Install Node.js " + MIN_NODE_JS + "+ there");
		}
		return "Node.js " + version;
	}

	private String disk(NodeShell shell, FleetNode node) {
		NodeShell.Result result = shell.run("df -Pk \"$HOME\" | tail -n 1", "disk");
		String[] columns = result.stdout().strip().split("\\s+");
		if (result.exitCode() != 0 || columns.length < 4 || !columns[3].matches("\\d+")) {
			throw new NodeStepException(node, "disk", "cannot tell the free disk: " + firstLine(result.stderr()),
					"Check that 'df' works for " + node.user() + " there");
		}
		long freeMb = Long.parseLong(columns[3]) / 1024;
		if (freeMb < MIN_FREE_DISK_MB) {
			throw new NodeStepException(node, "disk",
					freeMb + " MB free in " + node.user() + "'s home; the platform needs " + MIN_FREE_DISK_MB + " MB",
					"Free some space there");
		}
		return (freeMb / 1024) + " GB free";
	}

	private String ports(NodeShell shell, FleetNode node) {
		NodeShell.Result result = shell.run("cat /proc/net/tcp /proc/net/tcp6 2>/dev/null", "ports");
		List<String> running = runningComponents(shell);
		List<String> busy = new ArrayList<>();
		Map<String, Integer> owners = this.ports.byOwner();
		List<Integer> needed = new ArrayList<>();
		int ours = 0;
		for (Role role : node.roles()) {
			for (String owner : role.portOwners()) {
				Integer port = owners.get(owner);
				if (port == null) {
					continue;
				}
				needed.add(port);
				if (running.contains(component(owner))) {
					ours++; // the platform runs there already: iotp up resumes
				}
				else if (listening(result.stdout(), node.address(), port)) {
					busy.add(port + " (" + owner + ")");
				}
			}
		}
		if (!busy.isEmpty()) {
			throw new NodeStepException(node, "ports",
					"already in use on " + node.address() + ": " + String.join(", ", busy),
					"Stop what listens there (ss -ltnp shows it), or give the node another address");
		}
		int free = needed.size() - ours;
		return free + ((free == 1) ? " port" : " ports") + " free on " + node.address()
				+ ((ours > 0) ? ", " + ours + " held by the platform already running there" : "");
	}

	/**
	 * The components the platform runs on the node: those whose recorded process (iotp
	 * up's pid files) is alive.
	 */
	private static List<String> runningComponents(NodeShell shell) {
		NodeShell.Result result = shell.run("cd " + RUN_DIR + " 2>/dev/null || exit 0; for f in *.pid; do "
				+ "[ -f \"$f\" ] && kill -0 \"$(cut -d' ' -f1 \"$f\")\" 2>/dev/null && echo \"${f%.pid}\"; done; exit 0",
				"ports");
		return result.stdout().lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	/** The component a port belongs to: {@code kafka (controller)} is Kafka's. */
	private static String component(String portOwner) {
		int paren = portOwner.indexOf(" (");
		if (portOwner.startsWith("mqtt")) {
			return "sensor-manager";
		}
		return (paren < 0) ? portOwner : portOwner.substring(0, paren);
	}

	private String clock(NodeShell shell, FleetNode node) {
		long before = System.currentTimeMillis();
		NodeShell.Result result = shell.run("date +%s%3N", "clock");
		long after = System.currentTimeMillis();
		String text = result.stdout().strip();
		if (result.exitCode() != 0 || !text.matches("\\d{13}")) {
			throw new NodeStepException(node, "clock", "cannot read its clock: '" + firstLine(text) + "'",
					"Check that GNU date is there");
		}
		long skew = Long.parseLong(text) - (before + after) / 2;
		if (Math.abs(skew) > MAX_CLOCK_SKEW.toMillis() + (after - before) / 2) {
			throw new NodeStepException(node, "clock",
					"its clock is " + Math.abs(skew) + " ms " + ((skew > 0) ? "ahead of" : "behind")
							+ " this machine's",
					"Run NTP (e.g. systemd-timesyncd or chrony) on every node; leases and logins expire by the clock");
		}
		return String.format("%+d ms from this machine", skew);
	}

	/** Whether something listens on the port, on the address or on every address. */
	static boolean listening(String procNetTcp, String address, int port) {
		String wanted = hexAddress(address);
		Matcher listener = LISTENER.matcher(procNetTcp);
		while (listener.find()) {
			if (Integer.parseInt(listener.group(2), 16) != port) {
				continue;
			}
			String local = listener.group(1);
			if (local.length() == 32 && local.startsWith(IPV4_MAPPED)) {
				local = local.substring(IPV4_MAPPED.length()); // a Java socket on an IPv4
																// address
			}
			if (local.chars().allMatch((c) -> c == '0') || wanted == null || local.equals(wanted)) {
				return true;
			}
		}
		return false;
	}

	/** An IPv4 address as /proc/net/tcp writes it (little-endian hex), or none. */
	private static @Nullable String hexAddress(String address) {
		try {
			byte[] bytes = InetAddress.getByName(address).getAddress();
			if (bytes.length != 4 || !address.matches("[0-9.]+")) {
				return null;
			}
			return HexFormat.of().withUpperCase().formatHex(new byte[] { bytes[3], bytes[2], bytes[1], bytes[0] });
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static String firstLine(String text) {
		String stripped = text.strip();
		int end = stripped.indexOf('\n');
		return (end < 0) ? stripped : stripped.substring(0, end);
	}

}
