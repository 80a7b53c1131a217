package io.iotp.bootstrapper.platform;

/** A failure the CLI reports in words, with a hint on what to do, and no stack trace. */
public class PlatformException extends RuntimeException {

	public PlatformException(String message) {
		super(message);
	}

	public PlatformException(String message, Throwable cause) {
		super(message, cause);
	}

}
