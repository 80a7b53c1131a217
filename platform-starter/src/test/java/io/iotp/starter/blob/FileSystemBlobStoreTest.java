package io.iotp.starter.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemBlobStoreTest {

	@TempDir
	Path root;

	@Test
	void storesReadsAndDeletesWithSizeAndDigest() throws Exception {
		FileSystemBlobStore store = new FileSystemBlobStore(this.root);

		BlobStore.StoredBlob stored = store.put("apps/greenhouse/1.0.0/app.zip", stream("hello"));

		assertThat(stored.size()).isEqualTo(5);
		assertThat(stored.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
		assertThat(store.exists("apps/greenhouse/1.0.0/app.zip")).isTrue();
		try (InputStream in = store.open("apps/greenhouse/1.0.0/app.zip").orElseThrow()) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
		}
		assertThat(store.delete("apps/greenhouse/1.0.0/app.zip")).isTrue();
		assertThat(store.open("apps/greenhouse/1.0.0/app.zip")).isEmpty();
		assertThat(store.delete("apps/greenhouse/1.0.0/app.zip")).isFalse();
	}

	@Test
	void aFailedWriteLeavesNothingBehindTheKey() {
		FileSystemBlobStore store = new FileSystemBlobStore(this.root);
		InputStream failing = new InputStream() {

			private int sent;

			@Override
			public int read() throws java.io.IOException {
				if (this.sent++ > 10) {
					throw new java.io.IOException("connection reset");
				}
				return 'x';
			}

		};

		assertThatThrownBy(() -> store.put("apps/a/1/app.zip", failing)).hasMessageContaining("cannot store blob");
		assertThat(store.exists("apps/a/1/app.zip")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "../outside", "apps/../../etc/passwd", "/absolute", "apps//double", "apps/./x", "",
			"apps/with space", "apps/.." })
	void unsafeKeysAreRefused(String key) {
		FileSystemBlobStore store = new FileSystemBlobStore(this.root);

		assertThatThrownBy(() -> store.put(key, stream("x"))).isInstanceOf(IllegalArgumentException.class);
		assertThat(this.root.getParent().resolve("outside")).doesNotExist();
	}

	@Test
	void replacingABlobIsAtomic() throws Exception {
		FileSystemBlobStore store = new FileSystemBlobStore(this.root);
		store.put("k", stream("old"));
		store.put("k", stream("new"));
		assertThat(Files.readString(this.root.resolve("k"))).isEqualTo("new");
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

}
