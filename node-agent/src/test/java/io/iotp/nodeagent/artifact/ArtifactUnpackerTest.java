package io.iotp.nodeagent.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.iotp.contracts.samples.SampleApps;
import io.iotp.starter.blob.BlobStore.StoredBlob;
import io.iotp.starter.blob.FileSystemBlobStore;

class ArtifactUnpackerTest {

	@TempDir
	Path tmp;

	private FileSystemBlobStore blobs;

	private ArtifactUnpacker unpacker;

	@BeforeEach
	void setUp() {
		this.blobs = new FileSystemBlobStore(this.tmp.resolve("blobs"));
		this.unpacker = new ArtifactUnpacker(this.blobs, this.tmp.resolve("agent/tmp"));
	}

	@Test
	void unpacksOnlyTheServiceFolderAndVerifiesTheChecksum() throws Exception {
		StoredBlob blob = put("apps/greenhouse/1.0.0/app.zip", SampleApps.zip(SampleApps.PYTHON_GREENHOUSE));
		Path target = this.tmp.resolve("agent/instances/i-1");

		this.unpacker.unpack(blob.key(), blob.sha256().toUpperCase(), "dashboard", target);

		assertThat(Files.readAllBytes(target.resolve("main.py")))
			.isEqualTo(SampleApps.read(SampleApps.PYTHON_GREENHOUSE, "services/dashboard/main.py"));
		assertThat(target.resolve("config.json")).exists();
		try (var files = Files.list(target)) {
			assertThat(files).hasSize(2);
		}
		try (var left = Files.list(this.tmp.resolve("agent/tmp"))) {
			assertThat(left).as("the downloaded copy is gone").isEmpty();
		}
	}

	@Test
	void refusesAPackageWithAnEntryEscapingIt() throws IOException {
		StoredBlob blob = put("apps/slip/1.0.0/app.zip",
				zip(Map.of("services/web/main.py", "print(1)", "services/other/../../../../outside.txt", "gotcha")));
		Path target = this.tmp.resolve("agent/instances/i-2");

		assertThatThrownBy(() -> this.unpacker.unpack(blob.key(), null, "web", target))
			.isInstanceOf(ArtifactException.class)
			.hasMessageContaining("'services/other/../../../../outside.txt' escapes the archive");
		assertThat(target).doesNotExist();
		assertThat(target.resolve("../../../../outside.txt").normalize()).doesNotExist();
	}

	@Test
	void refusesAbsoluteEntries() throws IOException {
		StoredBlob blob = put("apps/abs/1.0.0/app.zip",
				zip(Map.of("services/web/main.py", "print(1)", "/tmp/absolute.txt", "gotcha")));

		assertThatThrownBy(() -> this.unpacker.unpack(blob.key(), null, "web", this.tmp.resolve("i-3")))
			.hasMessageContaining("'/tmp/absolute.txt' escapes the archive");
	}

	@Test
	void refusesAPackageAlteredAfterUpload() throws IOException {
		StoredBlob blob = put("apps/greenhouse/1.0.0/app.zip", SampleApps.zip(SampleApps.PYTHON_GREENHOUSE));

		assertThatThrownBy(() -> this.unpacker.unpack(blob.key(), "00".repeat(32), "dashboard", this.tmp.resolve("i")))
			.isInstanceOf(ArtifactException.class)
			.hasMessageContaining("it was altered after upload");
	}

	@Test
	void saysWhatIsMissing() throws IOException {
		StoredBlob blob = put("apps/greenhouse/1.0.0/app.zip", SampleApps.zip(SampleApps.PYTHON_GREENHOUSE));
		StoredBlob notZip = put("apps/text/1.0.0/app.zip", "just text".getBytes(StandardCharsets.UTF_8));

		assertThatThrownBy(() -> this.unpacker.unpack("apps/none/1.0.0/app.zip", null, "web", this.tmp.resolve("a")))
			.hasMessage("artifact apps/none/1.0.0/app.zip is not in the blob store");
		assertThatThrownBy(() -> this.unpacker.unpack(blob.key(), null, "nope", this.tmp.resolve("b")))
			.hasMessage("artifact has no services/nope/ folder");
		assertThatThrownBy(() -> this.unpacker.unpack(notZip.key(), null, "web", this.tmp.resolve("c")))
			.hasMessageStartingWith("artifact is not a readable zip");
	}

	private StoredBlob put(String key, byte[] content) {
		return this.blobs.put(key, new ByteArrayInputStream(content));
	}

	private static byte[] zip(Map<String, String> files) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, String> file : new LinkedHashMap<>(files).entrySet()) {
				zip.putNextEntry(new ZipEntry(file.getKey()));
				zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

}
