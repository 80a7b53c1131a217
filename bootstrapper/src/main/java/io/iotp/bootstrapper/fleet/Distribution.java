package io.iotp.bootstrapper.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.jspecify.annotations.Nullable;
import io.iotp.bootstrapper.platform.PlatformException;

/**
 * The built platform as a node needs it, by path relative to the checkout: the
 * bootstrapper and its libraries everywhere, the services' jars where services run, the
 * node agent's where apps run, and Azurite (the fleet's blob store) where the
 * infrastructure runs: its 20,000 files as one tarball ({@value #AZURITE_TAR}), made the
 * same way every time so its checksum changes only with its content, and unpacked on the
 * node into {@value #AZURITE_DIR}. Checksums are computed once per file and run.
 */
public final class Distribution {

	public static final String AZURITE_TAR = "infra/azurite.tar";

	public static final String AZURITE_DIR = "infra/azurite";

	private final Path projectRoot;

	private final Path workDir;

	private final Map<Path, String> checksums = new ConcurrentHashMap<>();

	private @Nullable Path azuriteTar;

	/**
	 * @param workDir where tarballs are made
	 */
	public Distribution(Path projectRoot, Path workDir) {
		this.projectRoot = projectRoot;
		this.workDir = workDir;
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
		if (roles.contains(Role.INFRA)) {
			files.put(AZURITE_TAR, azuriteTar());
		}
		return files;
	}

	private synchronized Path azuriteTar() {
		if (this.azuriteTar != null) {
			return this.azuriteTar;
		}
		Path modules = this.projectRoot.resolve(AZURITE_DIR).resolve("node_modules");
		if (!Files.isExecutable(this.projectRoot.resolve(PlatformComponents.AZURITE))) {
			throw new PlatformException("Azurite, a fleet's blob store, is not installed in " + modules
					+ ".\nThe build installs it (npm install in infra/azurite); run ./iotp build.");
		}
		Path tar = this.workDir.resolve("azurite.tar");
		try {
			Files.createDirectories(this.workDir);
			Process process = new ProcessBuilder("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0",
					"--numeric-owner", "-cf", tar.toString(), "-C", modules.getParent().toString(), "node_modules")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new PlatformException("cannot pack Azurite into " + tar + ": " + output.strip());
			}
		}
		catch (IOException ex) {
			throw new PlatformException("cannot pack Azurite into " + tar + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PlatformException("interrupted while packing Azurite", ex);
		}
		this.azuriteTar = tar;
		return tar;
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
