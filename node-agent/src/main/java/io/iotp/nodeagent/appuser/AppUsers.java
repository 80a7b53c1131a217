package io.iotp.nodeagent.appuser;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.nodeagent.node.NodeProperties.PortRange;

/**
 * Every process instance as a user of its own. Its uid follows from its port (ports are
 * unique among the live instances of a machine, whichever agent runs them), its folder
 * becomes its own (mode 700) in a place outside the platform's data directory, and it is
 * started through {@code prlimit} (a bound on its user's processes, so a fork bomb stops
 * at it) and {@code setpriv} (its uid and gid, no supplementary groups, no new
 * privileges). Root's own programs (a pyenv Python under {@code /root}) are out of its
 * reach, so its {@code PATH} keeps only folders anybody may enter. On this machine's own
 * addresses it reaches only the ports it was given ({@link LoopbackFirewall}), and its
 * memory is limited to its {@code resources.memoryMb} ({@link MemoryLimits}).
 */
public final class AppUsers implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AppUsers.class);

	private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

	private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

	private static final Set<PosixFilePermission> PASSABLE = PosixFilePermissions.fromString("rwx--x--x");

	private final AppUsersProperties properties;

	private final PortRange ports;

	private final boolean enabled;

	private final Path instancesDir;

	private final String agent;

	private final LoopbackFirewall firewall;

	private volatile @Nullable MemoryLimits memory;

	/** Whether the folders, the firewall chain and the cgroups are made. */
	private boolean ready;

	/**
	 * Nothing is made on the machine until the first instance starts: an agent that never
	 * runs one (a start-up cache's training run) leaves nothing behind.
	 */
	private AppUsers(AppUsersProperties properties, PortRange ports, boolean enabled, Path instancesDir, String agent) {
		this.properties = properties;
		this.ports = ports;
		this.enabled = enabled;
		this.instancesDir = instancesDir;
		this.agent = agent;
		this.firewall = new LoopbackFirewall(agent);
	}

	/** Instances run as the agent's user, in {@code <workDir>/instances}. */
	public static AppUsers disabled(Path workDir) {
		return new AppUsers(new AppUsersProperties(AppUsersProperties.Mode.OFF, 200000, workDir, 256),
				new PortRange(1, 65535), false, workDir.resolve("instances"), agentKey(workDir));
	}

	/**
	 * The users of an agent whose work folder is {@code workDir}.
	 * @throws IllegalStateException when the mode is {@code on} and the agent cannot
	 * switch users
	 */
	public static AppUsers of(AppUsersProperties properties, PortRange ports, Path workDir) {
		String why = cannotSwitch();
		boolean enabled = switch (properties.mode()) {
			case OFF -> false;
			case AUTO -> why == null;
			case ON -> {
				if (why != null) {
					throw new IllegalStateException("iotp.node.app-users.mode is 'on' but " + why);
				}
				yield true;
			}
		};
		if (!enabled) {
			if (properties.mode() != AppUsersProperties.Mode.OFF) {
				log.warn("process instances run as the agent's own user: {}", why);
			}
			return new AppUsers(properties, ports, false, workDir.resolve("instances"), agentKey(workDir));
		}
		String agent = agentKey(workDir);
		Path dir = properties.instancesDir().resolve(agent);
		log.info("process instances run as users of their own (uids {}-{}), in {}", properties.firstUid(),
				properties.firstUid() + ports.size() - 1, dir);
		return new AppUsers(properties, ports, true, dir, agent);
	}

	/** Makes the folders, the firewall chain and the cgroups, once. */
	private synchronized void ready() throws IOException {
		if (!this.enabled || this.ready) {
			return;
		}
		createPassable(this.properties.instancesDir());
		createPassable(this.instancesDir);
		this.firewall.open();
		this.memory = MemoryLimits.of(this.agent);
		this.ready = true;
	}

	private static String cannotSwitch() {
		if (!"root".equals(System.getProperty("user.name"))) {
			return "the agent does not run as root";
		}
		if (!Files.isExecutable(SETPRIV) || !Files.isExecutable(PRLIMIT)) {
			return SETPRIV + " or " + PRLIMIT + " is missing (Debian: util-linux)";
		}
		return null;
	}

	/** Whether instances run as users of their own. */
	public boolean enabled() {
		return this.enabled;
	}

	/** Where the agent unpacks its instances, one folder each. */
	public Path instancesDir() {
		return this.instancesDir;
	}

	/** The uid (and gid) of the instance listening on {@code port}. */
	public int uid(int port) {
		return this.properties.firstUid() + (port - this.ports.first());
	}

	/**
	 * What runs a command as the user of {@code uid}, in a memory cgroup of the
	 * instance's own limited to {@code memoryMb}; nothing when instances run as the
	 * agent's user.
	 */
	public List<String> prefix(int uid, String instance, long memoryMb) throws IOException {
		if (!this.enabled) {
			return List.of();
		}
		ready();
		List<String> prefix = new ArrayList<>();
		MemoryLimits limits = this.memory;
		Optional<Path> group = (limits != null) ? limits.prepare(instance, memoryMb) : Optional.empty();
		if (group.isPresent()) {
			// joins the cgroup before anything of the instance runs, then becomes it
			// (same
			// pid); the path holds only hex and instance-id characters
			prefix.addAll(List.of("/bin/sh", "-c", "echo $$ > '" + group.get() + "' && exec \"$@\"", "sh"));
		}
		int max = this.properties.maxProcesses();
		prefix.addAll(List.of(PRLIMIT.toString(), "--nproc=" + max + ":" + max, "--", SETPRIV.toString(),
				"--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs", "--"));
		return prefix;
	}

	/**
	 * Why an instance's run ended, when the node knows more than its exit code (the
	 * kernel killed it for its memory); its cgroup goes.
	 */
	public @Nullable String ended(String instance) {
		MemoryLimits limits = this.memory;
		if (limits == null) {
			return null;
		}
		String cause = limits.cause(instance);
		limits.release(instance);
		return cause;
	}

	/**
	 * Lets the user {@code uid} reach only {@code allowed} among this machine's own
	 * ports.
	 * @throws IOException when the rules could not be made: the instance must not start
	 */
	public void confine(int uid, Set<Integer> allowed) throws IOException {
		if (this.enabled) {
			ready();
			this.firewall.confine(uid, allowed);
		}
	}

	/**
	 * Removes the rules, the memory cgroups and the instances' folder: for an agent none
	 * of whose instances runs any more.
	 */
	@Override
	public void close() {
		if (!this.enabled) {
			return;
		}
		// also what an agent before this one left, should this one have started nothing
		this.firewall.close();
		MemoryLimits limits = this.memory;
		(limits != null ? limits : MemoryLimits.of(this.agent)).close();
		if (Files.isDirectory(this.instancesDir)) {
			try (Stream<Path> files = Files.walk(this.instancesDir)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(file);
				}
			}
			catch (IOException ex) {
				log.debug("{} stays: {}", this.instancesDir, ex.toString());
			}
		}
	}

	/**
	 * Gives the instance's folder to its user, and it alone: what its previous run's user
	 * left is taken over too.
	 */
	public void handOver(Path dir, int uid) throws IOException {
		if (!this.enabled) {
			return;
		}
		ready();
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.toList()) {
				Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
				Files.setAttribute(file, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
			}
		}
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
	}

	/**
	 * The {@code PATH} of an instance: the agent's, without the folders its user could
	 * not enter (a pyenv under {@code /root}), so the system's binaries are found
	 * instead.
	 */
	public String path(String agentPath) {
		if (!this.enabled) {
			return agentPath;
		}
		List<String> kept = new ArrayList<>();
		for (String dir : agentPath.split(File.pathSeparator)) {
			if (!dir.isEmpty() && enterableByAnybody(Path.of(dir))) {
				kept.add(dir);
			}
		}
		return String.join(File.pathSeparator, kept);
	}

	private static boolean enterableByAnybody(Path dir) {
		try {
			for (Path at = dir.toAbsolutePath(); at != null; at = at.getParent()) {
				if (!Files.getPosixFilePermissions(at).contains(PosixFilePermission.OTHERS_EXECUTE)) {
					return false;
				}
			}
			return Files.isDirectory(dir);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void createPassable(Path dir) throws IOException {
		Files.createDirectories(dir);
		Files.setPosixFilePermissions(dir, PASSABLE);
	}

	/** One folder per agent: two agents on a machine never share instance folders. */
	private static String agentKey(Path workDir) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(workDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
