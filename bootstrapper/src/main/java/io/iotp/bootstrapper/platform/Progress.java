package io.iotp.bootstrapper.platform;

/** Where the platform reports what it is doing: the terminal, or a test's log. */
@FunctionalInterface
public interface Progress {

	void say(String line);

}
