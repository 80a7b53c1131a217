package io.iotp.bootstrapper.fleet;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The fleet as {@code nodes.yml} describes it. The file is checked whole before anything
 * starts: every problem (unknown keys, duplicate names or addresses, a key file that is
 * not there, no node of a role) is reported with its line, not only the first. Only
 * YAML's structure is read (no tags, no objects made from it). Paths may start with
 * {@code ~}; relative ones are taken from the file's folder.
 *
 * <pre>
 * ssh:                       # defaults for every node; each may override them
 *   user: iotp
 *   key: ~/.ssh/iotp_ed25519
 *   port: 22
 * nodes:
 *   - name: node-1
 *     host: node-1.example.org  # where SSH reaches it
 *     address: node-1.example.org  # what the platform binds there (default: host)
 *     roles: [infra, services, apps]
 *     labels: {zone: a}
 *     capacity: {cpu: 4, memory-mb: 8192}
 * </pre>
 */
public final class NodesFile {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/**
	 * A label's name becomes a node agent property's name:
	 * {@code iotp.node.labels.<name>}.
	 */
	private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");

	private static final List<String> TOP_KEYS = List.of("ssh", "nodes");

	private static final List<String> SSH_KEYS = List.of("user", "key", "port");

	private static final List<String> NODE_KEYS = List.of("name", "host", "port", "user", "key", "address", "roles",
			"labels", "capacity");

	private static final List<String> CAPACITY_KEYS = List.of("cpu", "memory-mb");

	private final Path file;

	private final List<String> problems = new ArrayList<>();

	/** Line of the first node of each name, and of each address. */
	private final Map<String, Integer> names = new HashMap<>();

	private final Map<String, FleetNodeAt> addresses = new HashMap<>();

	private record FleetNodeAt(String name, int line) {

	}

	private NodesFile(Path file) {
		this.file = file;
	}

	/**
	 * The nodes of the file.
	 * @throws NodesFileException listing every problem, when there is any
	 */
	public static List<FleetNode> read(Path file) {
		return new NodesFile(file.toAbsolutePath().normalize()).parse();
	}

	private List<FleetNode> parse() {
		Node root;
		try (Reader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
			LoaderOptions options = new LoaderOptions();
			options.setAllowDuplicateKeys(true); // reported below, with their lines
			options.setMaxAliasesForCollections(10);
			root = new Yaml(options).compose(reader);
		}
		catch (IOException ex) {
			throw new NodesFileException(this.file, List.of("cannot read it: " + ex.getMessage()));
		}
		catch (MarkedYAMLException ex) {
			int line = (ex.getProblemMark() != null) ? ex.getProblemMark().getLine() + 1 : 1;
			throw new NodesFileException(this.file, List.of("line " + line + ": not valid YAML: " + ex.getProblem()));
		}
		if (!(root instanceof MappingNode top)) {
			throw new NodesFileException(this.file,
					List.of("line 1: expected a mapping with 'nodes' (and optionally 'ssh') at the top"));
		}
		Map<String, Node> topKeys = keys(top, TOP_KEYS, "at the top");
		Map<String, Node> ssh = (topKeys.get("ssh") != null) ? mapping(topKeys.get("ssh"), SSH_KEYS, "ssh") : Map.of();
		List<FleetNode> nodes = new ArrayList<>();
		Node nodesNode = topKeys.get("nodes");
		if (nodesNode == null) {
			problem(top, "no 'nodes': list the fleet's nodes under it");
		}
		else if (!(nodesNode instanceof SequenceNode list) || list.getValue().isEmpty()) {
			problem(nodesNode, "'nodes' must be a list of at least one node");
		}
		else {
			for (Node entry : list.getValue()) {
				FleetNode node = node(entry, ssh);
				if (node != null) {
					nodes.add(node);
				}
			}
			checkFleet(nodes, nodesNode);
		}
		if (!this.problems.isEmpty()) {
			throw new NodesFileException(this.file, this.problems);
		}
		return List.copyOf(nodes);
	}

	private @Nullable FleetNode node(Node entry, Map<String, Node> ssh) {
		if (!(entry instanceof MappingNode)) {
			problem(entry, "a node must be a mapping of name, host, roles, …");
			return null;
		}
		int before = this.problems.size();
		Map<String, Node> keys = mapping(entry, NODE_KEYS, "a node");
		String name = text(keys.get("name"));
		String where = (name != null) ? "node '" + name + "'" : "a node";
		if (name == null) {
			problem(entry, "a node without 'name'");
		}
		else if (!NAME.matcher(name).matches()) {
			problem(keys.get("name"), "node name '" + name
					+ "' must be 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit");
		}
		String host = text(keys.get("host"));
		if (host == null || host.isBlank()) {
			problem(entry, where + " has no 'host' (where SSH reaches it)");
		}
		int port = port(keys.getOrDefault("port", ssh.get("port")), where);
		String user = text(keys.getOrDefault("user", ssh.get("user")));
		if (user == null || user.isBlank()) {
			problem(entry, where + " has no 'user': give one to the node or under 'ssh'");
		}
		Node keyNode = keys.getOrDefault("key", ssh.get("key"));
		Path key = keyFile(keyNode, entry, where);
		String address = (keys.get("address") != null) ? text(keys.get("address")) : host;
		claim(name, address, entry.getStartMark().getLine() + 1);
		Set<Role> roles = roles(keys.get("roles"), entry, where);
		Map<String, String> labels = labels(keys.get("labels"), where);
		double cpu = 0;
		long memoryMb = 0;
		if (keys.get("capacity") != null) {
			Map<String, Node> capacity = mapping(keys.get("capacity"), CAPACITY_KEYS, where + "'s capacity");
			cpu = positive(capacity.get("cpu"), where + "'s capacity.cpu");
			memoryMb = (long) positive(capacity.get("memory-mb"), where + "'s capacity.memory-mb");
		}
		if (this.problems.size() > before || name == null || host == null || user == null || key == null
				|| address == null) {
			return null;
		}
		return new FleetNode(name, host, port, user, key, address, roles, labels, cpu, memoryMb,
				entry.getStartMark().getLine() + 1);
	}

	/**
	 * A second node of a name or an address is a problem, whatever else is wrong with it.
	 */
	private void claim(@Nullable String name, @Nullable String address, int line) {
		if (name != null) {
			Integer first = this.names.putIfAbsent(name, line);
			if (first != null) {
				this.problems.add("line " + line + ": node name '" + name + "' is taken by the node at line " + first);
			}
		}
		if (address != null) {
			FleetNodeAt first = this.addresses.putIfAbsent(address, new FleetNodeAt(String.valueOf(name), line));
			if (first != null) {
				this.problems.add("line " + line + ": node '" + name + "' binds " + address + ", as node '"
						+ first.name() + "' (line " + first.line()
						+ ") does: their ports would clash; give each node an address of its own");
			}
		}
	}

	private void checkFleet(List<FleetNode> nodes, Node nodesNode) {
		if (this.problems.isEmpty()) {
			Set<Role> present = EnumSet.noneOf(Role.class);
			nodes.forEach((node) -> present.addAll(node.roles()));
			for (Role role : Role.values()) {
				if (!present.contains(role)) {
					problem(nodesNode, "no node has the role '" + role.key() + "': the fleet needs at least one");
				}
			}
		}
	}

	private Map<String, Node> mapping(Node node, List<String> known, String where) {
		if (!(node instanceof MappingNode map)) {
			problem(node, where + " must be a mapping of " + String.join(", ", known));
			return Map.of();
		}
		return keys(map, known, "in " + where);
	}

	/** The mapping's entries by key; unknown and repeated keys are problems. */
	private Map<String, Node> keys(MappingNode map, List<String> known, String where) {
		Map<String, Node> keys = new LinkedHashMap<>();
		for (NodeTuple tuple : map.getValue()) {
			String key = text(tuple.getKeyNode());
			if (key == null) {
				problem(tuple.getKeyNode(), "a key " + where + " is not a plain word");
			}
			else if (!known.contains(key)) {
				problem(tuple.getKeyNode(),
						"unknown key '" + key + "' " + where + " (known: " + String.join(", ", known) + ")");
			}
			else if (keys.putIfAbsent(key, tuple.getValueNode()) != null) {
				problem(tuple.getKeyNode(), "'" + key + "' is given twice " + where);
			}
		}
		return keys;
	}

	private int port(@Nullable Node node, String where) {
		if (node == null) {
			return 22;
		}
		String text = text(node);
		try {
			int port = Integer.parseInt((text != null) ? text.strip() : "");
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problem(node, where + ": SSH port '" + text + "' is not a port (1 to 65535)");
		return 22;
	}

	private @Nullable Path keyFile(@Nullable Node node, Node entry, String where) {
		String text = text(node);
		if (node == null || text == null || text.isBlank()) {
			problem(entry, where + " has no 'key' (the private key file to log in with): give one to the node or "
					+ "under 'ssh'");
			return null;
		}
		Path key = path(text);
		if (!Files.isRegularFile(key)) {
			problem(node, where + ": key file " + key + " does not exist");
			return null;
		}
		if (!Files.isReadable(key)) {
			problem(node, where + ": key file " + key + " cannot be read by this user");
			return null;
		}
		return key;
	}

	private Set<Role> roles(@Nullable Node node, Node entry, String where) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		if (node == null) {
			problem(entry, where + " has no 'roles' (any of infra, services, apps)");
			return roles;
		}
		if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
			problem(node, where + ": 'roles' must be a list of infra, services, apps");
			return roles;
		}
		Set<String> seen = new HashSet<>();
		for (Node item : list.getValue()) {
			String text = text(item);
			Role role = (text != null) ? Role.of(text).orElse(null) : null;
			if (role == null) {
				problem(item, where + ": unknown role '" + text + "' (known: infra, services, apps)");
			}
			else if (!seen.add(text)) {
				problem(item, where + ": role '" + text + "' is given twice");
			}
			else {
				roles.add(role);
			}
		}
		return roles;
	}

	private Map<String, String> labels(@Nullable Node node, String where) {
		Map<String, String> labels = new LinkedHashMap<>();
		if (node == null) {
			return labels;
		}
		if (!(node instanceof MappingNode map)) {
			problem(node, where + ": 'labels' must be a mapping of names to values");
			return labels;
		}
		for (NodeTuple tuple : map.getValue()) {
			String key = text(tuple.getKeyNode());
			String value = text(tuple.getValueNode());
			if (key == null || value == null) {
				problem(tuple.getKeyNode(), where + ": a label must be a plain name with a plain value");
			}
			else if (!LABEL.matcher(key).matches()) {
				problem(tuple.getKeyNode(), where + ": label name '" + key
						+ "' must be 1 to 63 lower-case letters, digits, dots and hyphens");
			}
			else if (value.length() > 128 || value.chars().anyMatch(Character::isISOControl)) {
				problem(tuple.getValueNode(),
						where + ": label '" + key + "' must have a value of one line, 128 " + "characters at most");
			}
			else if (labels.putIfAbsent(key, value) != null) {
				problem(tuple.getKeyNode(), where + ": label '" + key + "' is given twice");
			}
		}
		return labels;
	}

	private double positive(@Nullable Node node, String what) {
		if (node == null) {
			return 0;
		}
		String text = text(node);
		try {
			double value = Double.parseDouble((text != null) ? text.strip() : "");
			if (value > 0 && Double.isFinite(value)) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problem(node, what + " must be a positive number, not '" + text + "'");
		return 0;
	}

	private Path path(String text) {
		String expanded = (text.equals("~") || text.startsWith("~/"))
				? System.getProperty("user.home") + text.substring(1) : text;
		Path path = Path.of(expanded);
		return (path.isAbsolute() ? path : this.file.getParent().resolve(path)).normalize();
	}

	private static @Nullable String text(@Nullable Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
	}

	private void problem(Node where, String what) {
		this.problems.add("line " + (where.getStartMark().getLine() + 1) + ": " + what);
	}

}
