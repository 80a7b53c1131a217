package io.iotp.bootstrapper.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What must hold before {@code iotp up} starts anything: the platform is built, and the
 * ports of what it is about to start are free on its address. Each failure is a
 * {@link PlatformException} that says what to do.
 */
final class StartChecks {

	private final PlatformLayout layout;

	private final PlatformComponents components;

	StartChecks(PlatformLayout layout, PlatformComponents components) {
		this.layout = layout;
		this.components = components;
	}

	void jarsBuilt() {
		List<String> missing = new ArrayList<>();
		if (!Files.isRegularFile(this.layout.bootstrapperJar())) {
			missing.add(this.layout.bootstrapperJar().toString());
		}
		for (ComponentSpec spec : this.components.services()) {
			if (!Files.isRegularFile(this.layout.serviceJar(spec.name()))) {
				missing.add(this.layout.serviceJar(spec.name()).toString());
			}
		}
		if (!missing.isEmpty()) {
			throw new PlatformException("the platform is not built; missing: " + String.join(", ", missing)
					+ ".\nBuild it with ./iotp build (or ./mvnw -DskipTests package).");
		}
	}

	void portsFree(List<ComponentSpec> toStart) {
		Map<String, Integer> owners = this.layout.ports().byOwner();
		List<String> names = toStart.stream().map(ComponentSpec::name).toList();
		List<String> busy = new ArrayList<>();
		owners.forEach((owner, port) -> {
			String component = owner.startsWith("kafka") ? "kafka" : owner;
			if (names.contains(component) && !isFree(port)) {
				busy.add(port + " (" + owner + ")");
			}
		});
		if (!busy.isEmpty()) {
			throw new PlatformException("port " + String.join(", ", busy) + (busy.size() > 1 ? " are" : " is")
					+ " already in use on " + this.layout.bindAddress() + ". Stop what uses "
					+ (busy.size() > 1 ? "them" : "it") + ", or move the platform's ports: iotp up --port-offset 100"
					+ " (or IOTP_PORT_OFFSET=100).");
		}
	}

	private boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getByName(this.layout.bindAddress()), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
