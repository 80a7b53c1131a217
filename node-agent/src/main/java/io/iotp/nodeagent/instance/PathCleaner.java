package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes folder trees without following symbolic links out of them. */
final class PathCleaner {

	private static final Logger log = LoggerFactory.getLogger(PathCleaner.class);

	private PathCleaner() {
	}

	static void delete(Path root) throws IOException {
		if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

	static void deleteQuietly(Path root) {
		try {
			delete(root);
		}
		catch (IOException ex) {
			log.warn("could not delete {}: {}", root, ex.toString());
		}
	}

}
