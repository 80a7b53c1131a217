package io.iotp.bootstrapper.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pid files of one platform's processes, one per component in {@code <data dir>/run},
 * each {@code <pid> <start time>}. They let {@code iotp status} and {@code iotp down}
 * find what {@code iotp up} started, from another CLI invocation.
 */
public class ProcessRegistry {

	private final Path runDir;

	public ProcessRegistry(Path runDir) {
		this.runDir = runDir;
	}

	public void record(String component, ProcessHandle process) {
		String start = process.info().startInstant().map(Instant::toString).orElse("-");
		write(component, process.pid() + " " + start + "\n");
	}

	public Optional<ProcessRecord> find(String component) {
		Path file = pidFile(component);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
			long pid = Long.parseLong(parts[0]);
			Instant start = (parts.length > 1 && !parts[1].equals("-")) ? Instant.parse(parts[1]) : null;
			return Optional.of(new ProcessRecord(component, pid, start));
		}
		catch (IOException | NumberFormatException | DateTimeParseException | ArrayIndexOutOfBoundsException ex) {
			// An unreadable pid file names no process we could safely signal.
			return Optional.empty();
		}
	}

	public List<ProcessRecord> all() {
		if (!Files.isDirectory(this.runDir)) {
			return List.of();
		}
		List<ProcessRecord> records = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.runDir)) {
			files.map(path -> path.getFileName().toString())
				.filter(name -> name.endsWith(".pid"))
				.sorted()
				.forEach(name -> find(name.substring(0, name.length() - 4)).ifPresent(records::add));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return records;
	}

	public void forget(String component) {
		try {
			Files.deleteIfExists(pidFile(component));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void write(String component, String content) {
		try {
			Files.createDirectories(this.runDir);
			Path temp = this.runDir.resolve(component + ".pid.tmp");
			Files.writeString(temp, content, StandardCharsets.UTF_8);
			Files.move(temp, pidFile(component), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path pidFile(String component) {
		return this.runDir.resolve(component + ".pid");
	}

}
