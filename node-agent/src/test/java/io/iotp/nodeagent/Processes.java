package io.iotp.nodeagent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Looking at and cleaning up the processes a test caused, by pid. */
final class Processes {

	private Processes() {
	}

	static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * The process, its descendants and every process of the session it leads, while
	 * alive.
	 */
	static List<ProcessHandle> tree(long pid) {
		List<ProcessHandle> tree = new ArrayList<>();
		ProcessHandle.of(pid).ifPresent((process) -> {
			tree.add(process);
			process.descendants().forEach(tree::add);
		});
		for (long member : session(pid)) {
			ProcessHandle.of(member).filter((process) -> !tree.contains(process)).ifPresent(tree::add);
		}
		tree.removeIf((process) -> !process.isAlive() || process.pid() == ProcessHandle.current().pid());
		return tree;
	}

	/**
	 * Kills whatever is left of the process tree of an instance: a test's last resort.
	 */
	static void killTree(long pid) {
		for (ProcessHandle process : tree(pid)) {
			process.destroyForcibly();
			try {
				process.onExit().get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// checked by the test that cares
			}
		}
	}

	/** Pids of the processes whose session id is {@code sessionId}, from /proc. */
	static List<Long> session(long sessionId) {
		List<Long> members = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"),
				(entry) -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
			for (Path entry : entries) {
				try {
					String stat = Files.readString(entry.resolve("stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					if (Long.parseLong(fields[3]) == sessionId) {
						members.add(Long.parseLong(entry.getFileName().toString()));
					}
				}
				catch (IOException | RuntimeException ex) {
					// gone meanwhile
				}
			}
		}
		catch (IOException ex) {
			return members;
		}
		return members;
	}

}
