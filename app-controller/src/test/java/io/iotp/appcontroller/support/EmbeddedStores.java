package io.iotp.appcontroller.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import io.iotp.testsupport.EmbeddedMongo;

/**
 * Gives a test application context its own MongoDB wire-protocol server (in this JVM, on
 * a free loopback port) and its own blob-store folder, both gone when the context closes,
 * after every bean that uses them.
 */
public class EmbeddedStores implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The property holding the blob-store folder of the context. */
	public static final String BLOB_DIR = "iotp.blob-store.dir";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		new EmbeddedMongo().initialize(context);
		Path blobs = tempDir();
		TestPropertyValues.of(BLOB_DIR + "=" + blobs).applyTo(context);
		// registered before any bean, so destroyed after all of them
		((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("embeddedBlobStore",
				() -> FileSystemUtils.deleteRecursively(blobs));
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("blobs-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
