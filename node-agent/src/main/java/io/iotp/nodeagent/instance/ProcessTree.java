package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * An instance's processes: its main process, everything it started, and everything left
 * in the session it leads. The session matters because a child whose parent died is
 * re-parented away from the tree, but stays in the session the agent created for the
 * instance ({@code setsid}); so nothing an instance forked survives its stop, even when
 * the main process is already gone. Sessions are read from {@code /proc}; elsewhere only
 * the live tree is found.
 */
final class ProcessTree {

	private static final Path PROC = Path.of("/proc");

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private ProcessTree() {
	}

	/**
	 * Every live process of the instance led by {@code leaderPid}, the leader first when
	 * alive.
	 * @param leaderStart when the leader started, if known. A live process with the
	 * leader's pid but another start time is somebody else's, and so is a session of that
	 * id then: Linux does not reuse a pid while it still names a session, so our session
	 * ended before the pid was reused.
	 */
	static Set<ProcessHandle> members(long leaderPid, @Nullable Instant leaderStart) {
		Set<ProcessHandle> members = new LinkedHashSet<>();
		Optional<ProcessHandle> leader = ProcessHandle.of(leaderPid).filter(ProcessHandle::isAlive);
		if (leader.isPresent()) {
			if (!sameStart(leader.get(), leaderStart)) {
				return members;
			}
			members.add(leader.get());
			leader.get().descendants().forEach(members::add);
		}
		for (long pid : sessionMembers(leaderPid)) {
			ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent((member) -> {
				members.add(member);
				member.descendants().forEach(members::add);
			});
		}
		members.removeIf((member) -> member.pid() == ProcessHandle.current().pid());
		return members;
	}

	/**
	 * Whether {@code process} started at {@code start} (to the second), or the start is
	 * unknown.
	 */
	static boolean sameStart(ProcessHandle process, @Nullable Instant start) {
		if (start == null) {
			return true;
		}
		return process.info()
			.startInstant()
			.map((actual) -> Duration.between(actual, start).abs().compareTo(Duration.ofSeconds(1)) < 0)
			.orElse(true);
	}

	/**
	 * SIGTERM to every process of the instance, {@code grace} to exit, then SIGKILL to
	 * what is left (and to whatever was forked meanwhile).
	 * @return whether everything exited within the grace period
	 */
	static boolean terminate(long leaderPid, @Nullable Instant leaderStart, Duration grace) {
		Set<ProcessHandle> tree = members(leaderPid, leaderStart);
		if (tree.isEmpty()) {
			return true;
		}
		tree.forEach(ProcessHandle::destroy);
		boolean graceful = awaitExit(tree, grace);
		if (!graceful) {
			tree.forEach(ProcessHandle::destroyForcibly);
		}
		Set<ProcessHandle> late = members(leaderPid, leaderStart);
		late.forEach(ProcessHandle::destroyForcibly);
		late.addAll(tree);
		awaitExit(late, KILL_WAIT);
		return graceful;
	}

	/**
	 * SIGKILL to every process still left of an instance whose main process has exited.
	 */
	static void killLeftovers(long leaderPid, @Nullable Instant leaderStart) {
		Set<ProcessHandle> left = members(leaderPid, leaderStart);
		left.forEach(ProcessHandle::destroyForcibly);
		awaitExit(left, KILL_WAIT);
	}

	/**
	 * Resident memory of a process and its descendants, in KiB, from {@code VmRSS} of
	 * {@code /proc/<pid>/status}. Cheap enough for every heartbeat: it does not scan for
	 * the session.
	 */
	static long residentKibOfTree(long pid) {
		return ProcessHandle.of(pid)
			.map((leader) -> residentKib(pid)
					+ leader.descendants().mapToLong((child) -> residentKib(child.pid())).sum())
			.orElse(0L);
	}

	static long residentKib(long pid) {
		try {
			for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.substring(6).replace("kB", "").strip());
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// gone meanwhile, or no /proc: it uses nothing we can see
		}
		return 0;
	}

	/**
	 * The session a process belongs to, from {@code /proc/<pid>/stat}; empty when
	 * unknown.
	 */
	static OptionalLong sessionOf(long pid) {
		try {
			String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
			// "pid (comm) state ppid pgrp session ..."; comm may hold spaces and
			// parentheses
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return OptionalLong.of(Long.parseLong(fields[3]));
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

	private static List<Long> sessionMembers(long sessionId) {
		if (!Files.isDirectory(PROC)) {
			return List.of();
		}
		List<Long> members = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, (entry) -> isNumber(entry))) {
			for (Path entry : entries) {
				long pid = Long.parseLong(entry.getFileName().toString());
				if (sessionOf(pid).orElse(-1) == sessionId) {
					members.add(pid);
				}
			}
		}
		catch (IOException ex) {
			return List.of();
		}
		return members;
	}

	private static boolean isNumber(Path entry) {
		String name = entry.getFileName().toString();
		return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
	}

	private static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
		try {
			CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
				.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException | ExecutionException ex) {
			return processes.stream().noneMatch(ProcessHandle::isAlive);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return processes.stream().noneMatch(ProcessHandle::isAlive);
		}
	}

}
