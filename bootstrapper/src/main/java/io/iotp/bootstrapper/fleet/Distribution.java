package io.iotp.bootstrapper.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.iotp.bootstrapper.platform.PlatformComponents;
import io.iotp.bootstrapper.platform.PlatformException;

/**
 * The built platform as a node needs it, by path relative to the checkout: the
 * bootstrapper and its libraries everywhere, the services' jars where services run, the
 * node agent's where apps run. Checksums are computed once per file and run.
 */
public final class Distribution {

	private final Path projectRoot;

	private final Map<Path, String> checksums = new ConcurrentHashMap<>();

	public Distribution(Path projectRoot) {
		this.projectRoot = projectRoot;
	}

	/** The files a node of these roles needs: relative path → local file. */
	public Map<String, Path> files(Set<Role> roles) {
		Map<String, Path> files = new TreeMap<>();
		add(files, "bootstrapper/target/bootstrapper.jar");
		Path lib = this.projectRoot.resolve("bootstrapper/target/lib");
		try (Stream<Path> jars = Files.list(lib)) {
			jars.filter(Files::isRegularFile)
				.forEach((jar) -> files.put("bootstrapper/target/lib/" + jar.getFileName(), jar));
		}
		catch (IOException ex) {
			throw notBuilt(lib);
		}
		if (roles.contains(Role.SERVICES)) {
			for (String service : PlatformComponents.SERVICES) {
				add(files, service + "/target/" + service + ".jar");
			}
		}
		if (roles.contains(Role.APPS)) {
			add(files, PlatformComponents.NODE_AGENT + "/target/" + PlatformComponents.NODE_AGENT + ".jar");
		}
		return files;
	}

	/** The SHA-256 of a file, hex. */
	public String checksum(Path file) {
		return this.checksums.computeIfAbsent(file, Distribution::sha256);
	}

	private void add(Map<String, Path> files, String relative) {
		Path file = this.projectRoot.resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw notBuilt(file);
		}
		files.put(relative, file);
	}

	private static PlatformException notBuilt(Path missing) {
		return new PlatformException("the platform is not built; missing: " + missing
				+ ".\nBuild it with ./iotp build (or ./mvnw -DskipTests package).");
	}

	private static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			int n;
			while ((n = in.read(buffer)) > 0) {
				digest.update(buffer, 0, n);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new PlatformException("cannot read " + file + ": " + ex.getMessage(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> parents(Collection<String> paths) {
		return paths.stream().map((path) -> path.substring(0, Math.max(0, path.lastIndexOf('/')))).distinct().toList();
	}

}
