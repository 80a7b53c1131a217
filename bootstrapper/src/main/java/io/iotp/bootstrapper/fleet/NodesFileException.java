package io.iotp.bootstrapper.fleet;

import java.nio.file.Path;
import java.util.List;

import io.iotp.bootstrapper.platform.PlatformException;

/**
 * A {@code nodes.yml} that cannot be used, with every problem found in it, each with its
 * line.
 */
public class NodesFileException extends PlatformException {

	private final List<String> problems;

	public NodesFileException(Path file, List<String> problems) {
		super(file + " cannot be used (" + problems.size() + " problem" + ((problems.size() == 1) ? "" : "s")
				+ "; nothing was started):\n  " + String.join("\n  ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
