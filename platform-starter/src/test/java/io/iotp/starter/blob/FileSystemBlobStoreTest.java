package io.iotp.starter.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {

	@TempDir
	Path root;

	@Override
	BlobStore store() {
		return new FileSystemBlobStore(this.root);
	}

	@Test
	void aKeyCannotReachOutsideTheFolder() {
		assertThatThrownBy(() -> store().put("../outside", stream("x"))).isInstanceOf(IllegalArgumentException.class);
		assertThat(this.root.getParent().resolve("outside")).doesNotExist();
	}

	@Test
	void aBlobIsAFileUnderItsKeyAndNoPartLingers() throws Exception {
		store().put("apps/a/1/app.zip", stream("new"));

		assertThat(Files.readString(this.root.resolve("apps/a/1/app.zip"))).isEqualTo("new");
		try (var incoming = Files.list(this.root.resolve(".incoming"))) {
			assertThat(incoming).isEmpty();
		}
	}

}
