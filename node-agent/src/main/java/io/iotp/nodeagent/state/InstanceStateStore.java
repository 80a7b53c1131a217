package io.iotp.nodeagent.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.ids.InstanceId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's state folder: one small JSON file per instance it runs, written atomically
 * on every change. The files hold the instance's environment, which may carry its API
 * token, so only the agent's user may read them.
 */
public class InstanceStateStore {

	private static final Logger log = LoggerFactory.getLogger(InstanceStateStore.class);

	private static final String SUFFIX = ".json";

	private final Path dir;

	private final JsonMapper json = JsonMapper.builder().build();

	public InstanceStateStore(Path dir) {
		this.dir = dir;
	}

	/** Writes (or replaces) the record of an instance. */
	public void save(InstanceRecord record) {
		Path file = file(record.start().instanceId());
		Path temp = this.dir.resolve("." + file.getFileName() + ".tmp");
		try {
			Files.createDirectories(this.dir);
			Files.deleteIfExists(temp);
			createPrivate(temp);
			Files.write(temp, this.json.writeValueAsBytes(record));
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot record instance " + record.start().instanceId(), ex);
		}
	}

	public void delete(InstanceId instanceId) {
		try {
			Files.deleteIfExists(file(instanceId));
		}
		catch (IOException ex) {
			log.warn("cannot delete the record of instance {}: {}", instanceId, ex.toString());
		}
	}

	/**
	 * Every readable record; an unreadable file is renamed {@code *.broken} and reported,
	 * not fatal.
	 */
	public List<InstanceRecord> load() {
		List<InstanceRecord> records = new ArrayList<>();
		if (!Files.isDirectory(this.dir)) {
			return records;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.dir, "*" + SUFFIX)) {
			for (Path file : files) {
				try {
					records.add(this.json.readValue(file.toFile(), InstanceRecord.class));
				}
				catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
					log.error("instance record {} is unreadable, set aside as .broken: {}", file, ex.getMessage());
					Files.move(file, file.resolveSibling(file.getFileName() + ".broken"),
							StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the agent state in " + this.dir, ex);
		}
		return records;
	}

	private Path file(InstanceId instanceId) {
		return this.dir.resolve(instanceId.value() + SUFFIX);
	}

	private static void createPrivate(Path file) throws IOException {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(file);
		}
		catch (FileAlreadyExistsException ex) {
			// deleted just before; a concurrent writer of the same instance is not
			// possible
		}
	}

}
