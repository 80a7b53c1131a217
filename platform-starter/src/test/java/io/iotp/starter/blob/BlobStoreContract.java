package io.iotp.starter.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} does, whatever keeps the blobs: each store's test extends
 * it and says how to make the store.
 */
abstract class BlobStoreContract {

	/** A store of its own for each test. */
	abstract BlobStore store();

	@Test
	void storesReadsAndDeletesWithSizeAndDigest() throws Exception {
		BlobStore store = store();

		BlobStore.StoredBlob stored = store.put("apps/greenhouse/1.0.0/app.zip", stream("hello"));

		assertThat(stored.key()).isEqualTo("apps/greenhouse/1.0.0/app.zip");
		assertThat(stored.size()).isEqualTo(5);
		assertThat(stored.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
		assertThat(store.exists("apps/greenhouse/1.0.0/app.zip")).isTrue();
		assertThat(read(store, "apps/greenhouse/1.0.0/app.zip")).isEqualTo("hello");
		assertThat(store.delete("apps/greenhouse/1.0.0/app.zip")).isTrue();
		assertThat(store.exists("apps/greenhouse/1.0.0/app.zip")).isFalse();
		assertThat(store.open("apps/greenhouse/1.0.0/app.zip")).isEmpty();
		assertThat(store.delete("apps/greenhouse/1.0.0/app.zip")).isFalse();
	}

	@Test
	void aKeyNeverWrittenIsEmptyNotAnError() {
		BlobStore store = store();

		assertThat(store.open("apps/none/1.0.0/app.zip")).isEmpty();
		assertThat(store.exists("apps/none/1.0.0/app.zip")).isFalse();
		assertThat(store.delete("apps/none/1.0.0/app.zip")).isFalse();
	}

	@Test
	void aFailedWriteLeavesNothingBehindTheKey() {
		BlobStore store = store();
		InputStream failing = new InputStream() {

			private int sent;

			@Override
			public int read() throws IOException {
				if (this.sent++ > 10) {
					throw new IOException("connection reset");
				}
				return 'x';
			}

		};

		assertThatThrownBy(() -> store.put("apps/a/1/app.zip", failing)).hasMessageContaining("cannot store blob");
		assertThat(store.exists("apps/a/1/app.zip")).isFalse();
	}

	@Test
	void aFailedReplacementLeavesTheOldBlob() throws Exception {
		BlobStore store = store();
		store.put("apps/a/1/app.zip", stream("old"));
		InputStream failing = new InputStream() {

			@Override
			public int read() throws IOException {
				throw new IOException("connection reset");
			}

		};

		assertThatThrownBy(() -> store.put("apps/a/1/app.zip", failing)).hasMessageContaining("cannot store blob");
		assertThat(read(store, "apps/a/1/app.zip")).isEqualTo("old");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../outside", "apps/../../etc/passwd", "/absolute", "apps//double", "apps/./x", "",
			"apps/with space", "apps/.." })
	void unsafeKeysAreRefused(String key) {
		BlobStore store = store();

		assertThatThrownBy(() -> store.put(key, stream("x"))).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> store.open(key)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void replacingABlobLeavesOnlyTheNewContent() throws Exception {
		BlobStore store = store();
		store.put("k", stream("old"));
		BlobStore.StoredBlob replaced = store.put("k", stream("newer"));

		assertThat(replaced.size()).isEqualTo(5);
		assertThat(read(store, "k")).isEqualTo("newer");
	}

	@Test
	void aBlobLargerThanOneBlockComesBackWholeWithItsDigest() throws Exception {
		BlobStore store = store();
		byte[] content = new byte[9 * 1024 * 1024 + 17];
		new Random(42).nextBytes(content);

		BlobStore.StoredBlob stored = store.put("apps/big/1.0.0/app.zip", new ByteArrayInputStream(content));

		assertThat(stored.size()).isEqualTo(content.length);
		assertThat(stored.sha256())
			.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
		try (InputStream in = store.open("apps/big/1.0.0/app.zip").orElseThrow()) {
			assertThat(in.readAllBytes()).isEqualTo(content);
		}
	}

	static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	static String read(BlobStore store, String key) throws IOException {
		try (InputStream in = store.open(key).orElseThrow()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
