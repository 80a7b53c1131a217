package io.iotp.bootstrapper.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which launch a service gets: its start-up cache only while the cache fits the jar,
 * runtime and options.
 */
class StartupCachesTest {

	private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m");

	@TempDir
	Path root;

	private PlatformLayout layout;

	private Path jar;

	@BeforeEach
	void builtJar() throws Exception {
		this.layout = new PlatformLayout(this.root, this.root.resolve("data"), Ports.defaults(), null, "/jdk/bin/java",
				OPTIONS, List.of());
		this.jar = this.layout.serviceJar("logger");
		Files.createDirectories(this.jar.getParent());
		Files.write(this.jar, new byte[] { 1, 2, 3 });
	}

	@Test
	void withoutACacheTheJarAsBuiltIsLaunched() {
		StartupCaches caches = new StartupCaches(this.layout, true);

		assertThat(caches.launch("logger", OPTIONS)).containsExactly("-jar", this.jar.toString());
	}

	@Test
	void aCacheMadeForThisJarIsUsed() throws Exception {
		StartupCaches caches = new StartupCaches(this.layout, true);
		made(caches, OPTIONS);

		assertThat(caches.launch("logger", OPTIONS)).containsExactly("-XX:AOTCache=" + caches.cacheFile("logger"),
				"-jar", this.root.resolve("logger/target/startup-cache/app/logger.jar").toString());
	}

	@Test
	void aRebuiltJarIsLaunchedAsBuiltUntilItHasACacheOfItsOwn() throws Exception {
		StartupCaches caches = new StartupCaches(this.layout, true);
		made(caches, OPTIONS);

		Files.write(this.jar, new byte[] { 1, 2, 3, 4 });

		assertThat(caches.launch("logger", OPTIONS)).containsExactly("-jar", this.jar.toString());
	}

	@Test
	void aJarOfTheSameSizeBuiltAgainIsTooATimeChange() throws Exception {
		StartupCaches caches = new StartupCaches(this.layout, true);
		made(caches, OPTIONS);

		Files.setLastModifiedTime(this.jar, FileTime.fromMillis(Files.getLastModifiedTime(this.jar).toMillis() + 1000));

		assertThat(caches.ready("logger", OPTIONS)).isFalse();
	}

	@Test
	void otherJvmOptionsNeedTheirOwnCache() throws Exception {
		StartupCaches caches = new StartupCaches(this.layout, true);
		made(caches, OPTIONS);

		assertThat(caches.ready("logger", List.of("-XX:+UseG1GC", "-Xmx256m"))).isFalse();
		assertThat(caches.ready("logger", OPTIONS)).isTrue();
	}

	@Test
	void turnedOffTheCacheIsNeverUsed() throws Exception {
		made(new StartupCaches(this.layout, true), OPTIONS);
		StartupCaches off = new StartupCaches(this.layout, false);

		assertThat(off.launch("logger", OPTIONS)).containsExactly("-jar", this.jar.toString());
	}

	@Test
	void aFailureCountsOnlyForTheBuildItHappenedWith() throws Exception {
		StartupCaches caches = new StartupCaches(this.layout, true);
		Files.createDirectories(caches.dir("logger"));
		Files.writeString(caches.failedFile("logger"), caches.key("logger", OPTIONS) + "\nexited with 1\n");

		assertThat(caches.failedBefore("logger", OPTIONS)).isTrue();
		Files.write(this.jar, new byte[] { 9 });
		assertThat(caches.failedBefore("logger", OPTIONS)).isFalse();
	}

	@Test
	void theTrainingRunStopsAfterTheContextAndWritesTheCacheOnExit() {
		StartupCaches caches = new StartupCaches(this.layout, true);
		Path output = caches.dir("logger").resolve("logger.aot.pending");

		assertThat(caches.training("logger", output)).containsExactly("-XX:AOTCacheOutput=" + output,
				"-Dspring.context.exit=onRefresh", "-jar", caches.extractedJar("logger").toString());
	}

	private void made(StartupCaches caches, List<String> options) throws Exception {
		Files.createDirectories(caches.extractedDir("logger"));
		Files.write(caches.extractedJar("logger"), new byte[] { 1 });
		Files.write(caches.cacheFile("logger"), new byte[] { 1 });
		Files.writeString(caches.keyFile("logger"), caches.key("logger", options) + "\n");
	}

}
