package io.iotp.nodeagent.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Image;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.app.RuntimeKind;

/**
 * The image a service runs from: its runtime's base image with the service folder in
 * {@code /app}, or what the service's own {@code Dockerfile} builds. An image is tagged
 * by app, service, version and a hash of what went into it, so a second deployment of the
 * same version finds it built; and labelled with that hash, so a service whose files did
 * not change in a new version, or which another app ships too, is tagged rather than
 * built again.
 */
public final class ServiceImages {

	private static final Logger log = LoggerFactory.getLogger(ServiceImages.class);

	/** The file that makes a service build its own image. */
	public static final String DOCKERFILE = "Dockerfile";

	/** The Dockerfile the agent writes for a service that has none. */
	static final String GENERATED_DOCKERFILE = ".iotp.Dockerfile";

	private static final int LAST_LINES = 20;

	/** Label of a service image naming the hash of what went into it. */
	static final String CONTENT_LABEL = "io.iotp.content";

	/** Label of a base image naming the recipe it was made by, the same on every node. */
	private static final String BASE_RECIPE_LABEL = "io.iotp.base.recipe";

	private final DockerEngine engine;

	private final @Nullable ImageRegistry registry;

	private final Map<String, Object> building = new ConcurrentHashMap<>();

	/** Images pushed (or being pushed) by this agent, or pulled from the registry. */
	private final Set<String> shared = ConcurrentHashMap.newKeySet();

	private final ExecutorService pushes = Executors.newVirtualThreadPerTaskExecutor();

	/**
	 * @param registry where images built here are pushed, and looked for before a build;
	 * none to build every image on every node
	 */
	public ServiceImages(DockerEngine engine, @Nullable ImageRegistry registry) {
		this.engine = engine;
		this.registry = registry;
	}

	/**
	 * The image of the service unpacked in {@code dir}, built unless it already exists.
	 * @param labels put on the image, with the hash of its content
	 * @return its reference
	 * @throws IllegalArgumentException when it does not build or is too large, with the
	 * reason and the build's last lines
	 */
	public String imageOf(Path dir, ServiceImage wanted, Map<String, String> labels) {
		DockerProperties properties = this.engine.properties();
		boolean own = Files.isRegularFile(dir.resolve(DOCKERFILE));
		String base = own ? "" : baseIdentity(properties.baseImageOf(wanted.runtime()));
		String hash = contentHash(dir, base);
		String reference = wanted.reference(hash);
		// by content: two services of the same files, in two apps or two versions, wait
		// for one build
		synchronized (this.building.computeIfAbsent(hash, (key) -> new Object())) {
			if (this.engine.hasImage(reference)) {
				log.debug("image {} is already built", reference);
				share(reference);
				return reference;
			}
			Optional<String> same = builtFrom(hash);
			if (same.isPresent()) {
				this.engine.tag(same.get(), reference);
				log.info("image {} has the content of image {}: tagged, not built", reference, same.get());
				share(reference);
				return reference;
			}
			long started = System.nanoTime();
			if (this.registry != null && this.registry.pull(reference)) {
				log.info("pulled image {} from {} in {} ms", reference, this.registry.address(),
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
				this.shared.add(reference);
				return reference;
			}
			Map<String, String> withContent = new LinkedHashMap<>(labels);
			withContent.put(CONTENT_LABEL, hash);
			String imageId = build(dir, own, properties.baseImageOf(wanted.runtime()), reference, withContent);
			refuseWhenTooLarge(reference, imageId, properties.maxImageSizeMb());
			log.info("built image {} in {} ms", reference, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			share(reference);
			return reference;
		}
	}

	/** An image of this engine built from content of {@code hash}, by its id. */
	private Optional<String> builtFrom(String hash) {
		return this.engine.client()
			.listImagesCmd()
			.withLabelFilter(Map.of(CONTENT_LABEL, hash))
			.exec()
			.stream()
			.map(Image::getId)
			.findFirst();
	}

	/**
	 * What identifies a base image in an image's hash: the recipe it was made by, which
	 * nodes that made it each for themselves share, else its id.
	 */
	private String baseIdentity(String base) {
		try {
			InspectImageResponse image = this.engine.client().inspectImageCmd(base).exec();
			Map<String, String> labels = (image.getConfig() != null) ? image.getConfig().getLabels() : null;
			String recipe = (labels != null) ? labels.get(BASE_RECIPE_LABEL) : null;
			return (recipe != null) ? base + "@" + recipe : image.getId();
		}
		catch (DockerException ex) {
			throw new IllegalArgumentException(
					"base image " + base + " is missing on this node; run 'iotp images' to make it", ex);
		}
	}

	private String build(Path dir, boolean own, String base, String reference, Map<String, String> labels) {
		Path dockerfile = dir.resolve(own ? DOCKERFILE : GENERATED_DOCKERFILE);
		try {
			if (!own) {
				Files.writeString(dockerfile, "FROM " + base + "\nCOPY . /app\nWORKDIR /app\n");
			}
			readableByAll(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not prepare the image's files", ex);
		}
		Deque<String> lastLines = new ArrayDeque<>();
		BuildImageResultCallback callback = new BuildImageResultCallback() {
			@Override
			public void onNext(BuildResponseItem item) {
				String line = (item.getStream() != null) ? item.getStream().strip() : null;
				if (line != null && !line.isEmpty()) {
					synchronized (lastLines) {
						lastLines.addLast(line);
						if (lastLines.size() > LAST_LINES) {
							lastLines.removeFirst();
						}
					}
				}
				super.onNext(item);
			}
		};
		try {
			// no network: a build cannot fetch anything, nor reach the platform
			return this.engine.client()
				.buildImageCmd()
				.withBaseDirectory(dir.toFile())
				.withDockerfile(dockerfile.toFile())
				.withTags(Set.of(reference))
				.withLabels(labels)
				.withPull(false)
				.withNetworkMode("none")
				.withForcerm(true)
				.exec(callback)
				.awaitImageId(this.engine.properties().buildTimeout().toSeconds(), TimeUnit.SECONDS);
		}
		catch (DockerClientException | DockerException ex) {
			List<String> lines;
			synchronized (lastLines) {
				lines = List.copyOf(lastLines);
			}
			throw new IllegalArgumentException(
					(own ? "the service's Dockerfile did not build: " : "the image did not build: ") + ex.getMessage()
							+ (lines.isEmpty() ? "" : "; last lines:\n" + String.join("\n", lines)),
					ex);
		}
	}

	/**
	 * Pushes an image to the registry once in this agent's life, in the background: the
	 * instance does not wait for it. An image found here may have been built before the
	 * registry was there, or the registry may have lost it. One the registry refuses is
	 * still run here, and the other nodes build it themselves.
	 */
	private void share(String reference) {
		if (this.registry != null && this.shared.add(reference)) {
			this.pushes.execute(() -> push(reference));
		}
	}

	private void push(String reference) {
		ImageRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		long started = System.nanoTime();
		try {
			registry.push(reference);
			log.info("pushed image {} to {} in {} ms", reference, registry.address(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		}
		catch (IllegalStateException | DockerException ex) {
			this.shared.remove(reference);
			log.warn("image {} not shared: {}", reference, ex.getMessage());
		}
	}

	private void refuseWhenTooLarge(String reference, String imageId, long maxMb) {
		InspectImageResponse image = this.engine.client().inspectImageCmd(imageId).exec();
		long sizeMb = (image.getSize() != null) ? image.getSize() / (1024 * 1024) : 0;
		if (sizeMb > maxMb) {
			try {
				this.engine.client().removeImageCmd(reference).withForce(true).exec();
			}
			catch (DockerException ex) {
				log.warn("could not remove the oversized image {}: {}", reference, ex.toString());
			}
			throw new IllegalArgumentException("the image is " + sizeMb + " MB, more than the limit of " + maxMb
					+ " MB (iotp.node.docker.max-image-size-mb)");
		}
	}

	/**
	 * The hash of everything that goes into an image: every file's path and bytes, and
	 * the base image.
	 */
	static String contentHash(Path dir, String base) {
		try (Stream<Path> files = Files.walk(dir)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(base.getBytes(StandardCharsets.UTF_8));
			for (Path file : files.filter(Files::isRegularFile)
				.filter((file) -> !file.getFileName().toString().equals(GENERATED_DOCKERFILE))
				.sorted()
				.toList()) {
				digest.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(Files.readAllBytes(file));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the service's files", ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The hex SHA-256 of {@code text}. */
	public static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Containers run as a user of their own: the files must be readable by anyone. */
	private static void readableByAll(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.toList()) {
				path.toFile().setReadable(true, false);
				if (Files.isDirectory(path)) {
					path.toFile().setExecutable(true, false);
				}
			}
		}
	}

	/**
	 * What image a service needs.
	 *
	 * @param app its app
	 * @param service its service
	 * @param version its app's version
	 * @param runtime its runtime, whose base image it starts from
	 */
	public record ServiceImage(String app, String service, String version, RuntimeKind runtime) {

		/**
		 * Its reference for content of {@code hash}:
		 * {@code iotp-apps/app/service:version-hash}.
		 */
		String reference(String hash) {
			String tag = safe(this.version, "[^A-Za-z0-9_.-]", 100) + "-" + hash.substring(0, 12);
			return "iotp-apps/" + safe(this.app.toLowerCase(Locale.ROOT), "[^a-z0-9-]", 60) + "/"
					+ safe(this.service, "[^a-z0-9-]", 60) + ":" + tag;
		}

		private static String safe(String value, String unsafe, int max) {
			String cleaned = value.replaceAll(unsafe, "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
			cleaned = cleaned.isEmpty() ? "x" : cleaned;
			return (cleaned.length() > max) ? cleaned.substring(0, max) : cleaned;
		}

	}

}
