package io.iotp.systemtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.iotp.bootstrapper.platform.KafkaPrincipals;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.bootstrapper.platform.PlatformLayout;
import io.iotp.bootstrapper.platform.Ports;

/**
 * One platform for the whole test run, started through the same code path as
 * {@code iotp up}, on free ports and a data directory under {@code target/}, and taken
 * down (with a check that no process is left) when the run ends. Test classes get it with
 * {@code @ExtendWith(SharedPlatform.class)} and a {@link Platform} parameter.
 */
public class SharedPlatform implements BeforeAllCallback, ParameterResolver {

	/**
	 * Test-speed settings: a deployment's {@code durationMinutes} counts seconds, so
	 * schedules with a duration can be watched start and stop within a test run; every
	 * test logs in from 127.0.0.1, so the per-address login limit is raised (the per-user
	 * lock-out is kept and tested); monitoring delivers its alerts to the run's
	 * {@link AlertWebhook}; a cron schedule may fire every 15 s instead of once a minute.
	 */
	static final List<String> TEST_SERVICE_ARGUMENTS = List.of("--iotp.deployer.duration-unit=1s",
			"--iotp.auth.login-attempts-per-address=600", "--iotp.monitoring.alerts.webhook-url=" + AlertWebhook.url(),
			"--iotp.app-controller.deployments.min-cron-interval=15s");

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPlatform.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		running(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == Platform.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return running(context).platform();
	}

	private static Running running(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Running.class, key -> Running.start(), Running.class);
	}

	/**
	 * A fresh layout on free ports under target/, for tests that need a platform of their
	 * own.
	 */
	public static PlatformLayout newLayout(String name) throws IOException {
		Path projectRoot = Path.of("").toAbsolutePath().getParent();
		Path dataDir = Path.of("target", name + "-" + System.nanoTime()).toAbsolutePath();
		Files.createDirectories(dataDir.getParent());
		List<Integer> free = freePorts(16);
		Ports ports = new Ports(free.get(0), free.get(1), free.get(2), free.get(3), free.get(4), free.get(5),
				free.get(6), free.get(7), free.get(8), free.get(9), free.get(10), free.get(11), free.get(12),
				free.get(13), free.get(14), free.get(15));
		return new PlatformLayout(projectRoot, dataDir, ports, null,
				ProcessHandle.current().info().command().orElse("java"), PlatformLayout.DEFAULT_SERVICE_JVM_OPTIONS,
				TEST_SERVICE_ARGUMENTS);
	}

	/**
	 * A Kafka client's configuration as the platform's admin principal (the broker lets
	 * nobody in without a password), plus {@code more} settings.
	 */
	public static Map<String, Object> kafkaAdminConfig(PlatformLayout layout, Object... more) {
		Map<String, Object> config = new HashMap<>(new KafkaPrincipals(layout).clientConfig(KafkaPrincipals.ADMIN));
		for (int i = 0; i < more.length; i += 2) {
			config.put((String) more[i], more[i + 1]);
		}
		return config;
	}

	public static Platform newPlatform(PlatformLayout layout) {
		return new Platform(layout, "system-test", line -> System.out.println("[platform] " + line));
	}

	private static List<Integer> freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	/**
	 * The started platform; closing it at the end of the run stops it and checks that
	 * nothing is left.
	 */
	record Running(Platform platform) implements AutoCloseable {

		static Running start() {
			try {
				Platform platform = newPlatform(newLayout("shared-platform"));
				platform.up();
				return new Running(platform);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			this.platform.down();
			List<String> left = PlatformProcesses.of(this.platform.layout());
			if (!left.isEmpty()) {
				throw new IllegalStateException("processes left after iotp down: " + left);
			}
		}

	}

}
