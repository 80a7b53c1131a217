package io.iotp.nodeagent.artifact;

/**
 * An app package that cannot be fetched or unpacked; the message says why, for the
 * instance's status.
 */
public class ArtifactException extends Exception {

	private static final long serialVersionUID = 1L;

	public ArtifactException(String message) {
		super(message);
	}

	public ArtifactException(String message, Throwable cause) {
		super(message, cause);
	}

}
