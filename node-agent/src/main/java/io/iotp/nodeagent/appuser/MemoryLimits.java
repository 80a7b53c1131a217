package io.iotp.nodeagent.appuser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memory limit for each process instance, swap included: a cgroup of its own under
 * {@code iotp/<agent>} in the kernel's memory controller (cgroup v1's
 * {@code /sys/fs/cgroup/memory}, or cgroup v2's unified tree where the memory controller
 * is delegated). Past the limit the kernel kills it, and the instance's reason says so.
 */
final class MemoryLimits {

	private static final Logger log = LoggerFactory.getLogger(MemoryLimits.class);

	private static final Path V1 = Path.of("/sys/fs/cgroup/memory");

	private static final Path V2 = Path.of("/sys/fs/cgroup");

	private final @Nullable Path base;

	private final boolean v1;

	private MemoryLimits(@Nullable Path base, boolean v1) {
		this.base = base;
		this.v1 = v1;
	}

	static MemoryLimits of(String agentKey) {
		if (Files.isWritable(V1.resolve("cgroup.procs"))) {
			return make(V1.resolve("iotp").resolve(agentKey), true);
		}
		if (Files.isRegularFile(V2.resolve("cgroup.controllers")) && contains(V2.resolve("cgroup.subtree_control"))) {
			return make(V2.resolve("iotp").resolve(agentKey), false);
		}
		log.warn("no writable memory controller (cgroup v1 or v2): process instances' memory is not limited");
		return new MemoryLimits(null, true);
	}

	private static MemoryLimits make(Path base, boolean v1) {
		try {
			Files.createDirectories(base);
			if (!v1) {
				Files.writeString(base.getParent().resolve("cgroup.subtree_control"), "+memory");
				Files.writeString(base.resolve("cgroup.subtree_control"), "+memory");
			}
			return new MemoryLimits(base, v1);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("cannot make the memory cgroup {}: process instances' memory is not limited ({})", base,
					ex.toString());
			return new MemoryLimits(null, v1);
		}
	}

	private static boolean contains(Path subtreeControl) {
		try {
			return Files.readString(subtreeControl).contains("memory");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A fresh cgroup for the instance, limited to {@code memoryMb} with no swap.
	 * @return the file a process joins it by writing its pid, when limits are made here
	 */
	Optional<Path> prepare(String instance, long memoryMb) throws IOException {
		if (this.base == null) {
			return Optional.empty();
		}
		Path group = this.base.resolve(instance);
		release(instance);
		if (!Files.isDirectory(group)) {
			// else a process of an earlier run lingers in it: the group is used again
			Files.createDirectory(group);
		}
		String bytes = Long.toString(memoryMb * 1024 * 1024);
		if (this.v1) {
			Files.writeString(group.resolve("memory.limit_in_bytes"), bytes);
			Path swap = group.resolve("memory.memsw.limit_in_bytes");
			if (Files.exists(swap)) {
				Files.writeString(swap, bytes);
			}
		}
		else {
			Files.writeString(group.resolve("memory.max"), bytes);
			Path swap = group.resolve("memory.swap.max");
			if (Files.exists(swap)) {
				Files.writeString(swap, "0");
			}
		}
		return Optional.of(group.resolve("cgroup.procs"));
	}

	/** Why the instance's last run ended, when the kernel killed it for its memory. */
	@Nullable String cause(String instance) {
		if (this.base == null) {
			return null;
		}
		Path events = this.base.resolve(instance).resolve(this.v1 ? "memory.oom_control" : "memory.events");
		try {
			for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
				String[] fields = line.strip().split("\\s+");
				if (fields.length == 2 && fields[0].equals("oom_kill") && !fields[1].equals("0")) {
					return "killed for using more memory than its resources.memoryMb";
				}
			}
		}
		catch (IOException ex) {
			log.debug("cannot read {}: {}", events, ex.toString());
		}
		return null;
	}

	/** Removes this agent's cgroups: no instance of it runs any more. */
	void close() {
		if (this.base == null) {
			return;
		}
		try (Stream<Path> groups = Files.list(this.base)) {
			// a cgroup's files are the kernel's: only its folders go, and only when empty
			groups.filter(Files::isDirectory).forEach((group) -> release(group.getFileName().toString()));
			Files.deleteIfExists(this.base);
		}
		catch (IOException ex) {
			log.debug("the memory cgroup {} stays: {}", this.base, ex.toString());
		}
	}

	/** Removes the instance's cgroup once nothing runs in it. */
	void release(String instance) {
		if (this.base == null) {
			return;
		}
		try {
			Files.deleteIfExists(this.base.resolve(instance));
		}
		catch (IOException ex) {
			log.debug("cannot remove the memory cgroup of {}: {}", instance, ex.toString());
		}
	}

}
