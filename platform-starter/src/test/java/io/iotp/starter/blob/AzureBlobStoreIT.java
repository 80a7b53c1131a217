package io.iotp.starter.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

import io.iotp.testsupport.Azurite;
import io.iotp.testsupport.FreePorts;

/**
 * The blob store on Azure Blob Storage, against Azurite (a process of this test's own):
 * the same contract as the file-system store, then what only a shared store has:
 * credentials that may only read, and an account that does not answer.
 */
class AzureBlobStoreIT extends BlobStoreContract {

	private static Azurite azurite;

	@BeforeAll
	static void startAzurite() {
		azurite = Azurite.start(Path.of("target/azurite-blob-store-it.log"));
	}

	@AfterAll
	static void stopAzurite() {
		if (azurite != null) {
			azurite.close();
		}
	}

	@Override
	BlobStore store() {
		return AzureBlobStore.connect(azure(newContainer()));
	}

	@Test
	void aReaderWithAReadOnlySignatureReadsWhatTheWriterStoredAndCannotWrite() throws Exception {
		String container = newContainer();
		BlobStore writer = AzureBlobStore.connect(azure(container));
		writer.put("apps/shared/1.0.0/app.zip", stream("package"));
		BlobContainerClient withKey = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
			.buildClient()
			.getBlobContainerClient(container);
		String readOnly = withKey.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
				new BlobContainerSasPermission().setReadPermission(true)));

		BlobStore reader = AzureBlobStore.connect(new BlobStoreProperties.Azure(null, azurite.blobEndpoint(), readOnly,
				container, Duration.ofSeconds(10)));

		assertThat(read(reader, "apps/shared/1.0.0/app.zip")).isEqualTo("package");
		assertThat(reader.exists("apps/shared/1.0.0/app.zip")).isTrue();
		assertThatThrownBy(() -> reader.put("apps/shared/1.0.0/app.zip", stream("tampered")))
			.isInstanceOf(UncheckedIOException.class)
			.hasMessageContaining("cannot store blob apps/shared/1.0.0/app.zip")
			.hasMessageContaining("403");
		assertThat(read(writer, "apps/shared/1.0.0/app.zip")).isEqualTo("package");
	}

	@Test
	void anAccountThatDoesNotAnswerIsAnIoFailureNamingTheBlob() {
		String deadEndpoint = "http://127.0.0.1:" + FreePorts.any() + "/devstoreaccount1";
		String connection = azurite.connectionString().replace(azurite.blobEndpoint(), deadEndpoint);
		BlobStore store = AzureBlobStore
			.connect(new BlobStoreProperties.Azure(connection, null, null, "iotp", Duration.ofSeconds(1)));

		assertThatThrownBy(() -> store.open("apps/a/1/app.zip")).isInstanceOf(UncheckedIOException.class)
			.hasMessageContaining("cannot read blob apps/a/1/app.zip");
	}

	@Test
	void theAutoConfigurationChoosesAzureWhenAnAccountIsNamedAndTheFolderOtherwise() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BlobStoreAutoConfiguration.class));
		runner.withPropertyValues("iotp.blob-store.azure.connection-string=" + azurite.connectionString())
			.run((context) -> assertThat(context).getBean(BlobStore.class).isInstanceOf(AzureBlobStore.class));
		runner.withPropertyValues("iotp.blob-store.dir=target/blobs-autoconfig")
			.run((context) -> assertThat(context).getBean(BlobStore.class).isInstanceOf(FileSystemBlobStore.class));
		runner
			.withPropertyValues("iotp.blob-store.azure.connection-string=" + azurite.connectionString(),
					"iotp.blob-store.azure.account-url=" + azurite.blobEndpoint())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("give connection-string or account-url, not both"));
		runner
			.withPropertyValues("iotp.blob-store.azure.connection-string=" + azurite.connectionString(),
					"iotp.blob-store.azure.container=Not_A_Container")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'Not_A_Container' is not a container name"));
	}

	private static BlobStoreProperties.Azure azure(String container) {
		return new BlobStoreProperties.Azure(azurite.connectionString(), null, null, container, Duration.ofSeconds(30));
	}

	private static String newContainer() {
		return "it-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
