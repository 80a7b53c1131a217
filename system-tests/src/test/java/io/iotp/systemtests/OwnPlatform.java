package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformLayout;

/**
 * A platform of a test class's own, for tests that take parts of it away (the shared one
 * serves every other class): started as {@code iotp up} starts it before the class's
 * tests, stopped by {@code iotp down} after them, and then nothing of it may be left. Use
 * it as
 * {@code @RegisterExtension static final OwnPlatform OWN = new OwnPlatform("name")}.
 */
final class OwnPlatform implements BeforeAllCallback, AfterAllCallback {

	private final String name;

	private PlatformLayout layout;

	private Platform platform;

	OwnPlatform(String name) {
		this.name = name;
	}

	Platform platform() {
		return this.platform;
	}

	PlatformLayout layout() {
		return this.layout;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		try {
			this.layout = SharedPlatform.newLayout(this.name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.platform = SharedPlatform.newPlatform(this.layout);
		try {
			this.platform.up();
		}
		catch (RuntimeException ex) {
			afterAll(context);
			throw ex;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.platform != null) {
			this.platform.down();
			assertThat(PlatformProcesses.of(this.layout)).as("processes left after iotp down").isEmpty();
		}
	}

}
