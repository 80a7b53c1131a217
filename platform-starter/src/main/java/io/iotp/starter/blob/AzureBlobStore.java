package io.iotp.starter.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

/**
 * Blobs in one container of Azure Blob Storage (or Azurite, its emulator), so that every
 * node of a fleet reads the packages app-controller stored. A blob is a block blob
 * committed only once its last block is in: a reader never sees half a blob, and an
 * upload that fails leaves the key as it was. The container is made by the first write,
 * so a reader's credentials need no right to create it.
 */
public class AzureBlobStore implements BlobStore {

	private final BlobContainerClient container;

	private final Duration timeout;

	private volatile boolean containerMade;

	AzureBlobStore(BlobContainerClient container, Duration timeout) {
		this.container = container;
		this.timeout = timeout;
	}

	/** A store on the account and container the properties name. */
	public static AzureBlobStore connect(BlobStoreProperties.Azure azure) {
		BlobServiceClientBuilder builder = new BlobServiceClientBuilder().httpClient(new JdkHttpClientBuilder().build())
			.retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 4, (int) azure.timeout().toSeconds(),
					500L, 4000L, null));
		if (azure.connectionString() != null) {
			builder.connectionString(azure.connectionString());
		}
		else {
			builder.endpoint(azure.accountUrl());
			if (azure.sasToken() != null) {
				builder.sasToken(azure.sasToken());
			}
		}
		return new AzureBlobStore(builder.buildClient().getBlobContainerClient(azure.container()), azure.timeout());
	}

	@Override
	public StoredBlob put(String key, InputStream content) {
		BlobClient blob = this.container.getBlobClient(BlobKeys.checked(key));
		MessageDigest sha256 = Sha256.newDigest();
		CountingInputStream counting = new CountingInputStream(new DigestInputStream(content, sha256));
		try {
			ensureContainer();
			blob.uploadWithResponse(new BlobParallelUploadOptions(counting), this.timeout, Context.NONE);
		}
		catch (RuntimeException ex) {
			throw failure("cannot store blob " + key, ex);
		}
		return new StoredBlob(key, counting.count(), HexFormat.of().formatHex(sha256.digest()));
	}

	private void ensureContainer() {
		if (!this.containerMade) {
			this.container.createIfNotExists();
			this.containerMade = true;
		}
	}

	@Override
	public Optional<InputStream> open(String key) {
		BlobClient blob = this.container.getBlobClient(BlobKeys.checked(key));
		try {
			return Optional.of(blob.openInputStream());
		}
		catch (BlobStorageException ex) {
			if (ex.getStatusCode() == 404) {
				return Optional.empty();
			}
			throw failure("cannot read blob " + key, ex);
		}
		catch (RuntimeException ex) {
			throw failure("cannot read blob " + key, ex);
		}
	}

	@Override
	public boolean exists(String key) {
		try {
			return this.container.getBlobClient(BlobKeys.checked(key)).exists();
		}
		catch (BlobStorageException ex) {
			if (ex.getStatusCode() == 404) {
				return false;
			}
			throw failure("cannot look for blob " + key, ex);
		}
	}

	@Override
	public boolean delete(String key) {
		try {
			return this.container.getBlobClient(BlobKeys.checked(key)).deleteIfExists();
		}
		catch (BlobStorageException ex) {
			if (ex.getErrorCode() == BlobErrorCode.CONTAINER_NOT_FOUND) {
				return false;
			}
			throw failure("cannot delete blob " + key, ex);
		}
	}

	/**
	 * The SDK's exceptions as the store's I/O failure, with the service's own message.
	 */
	private static UncheckedIOException failure(String what, RuntimeException ex) {
		String detail = (ex instanceof BlobStorageException storage)
				? storage.getStatusCode() + " " + storage.getErrorCode() : ex.toString();
		return new UncheckedIOException(what + ": " + detail, new IOException(ex));
	}

	/** How many bytes the upload read: the blob's size. */
	private static final class CountingInputStream extends java.io.FilterInputStream {

		private long count;

		CountingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.count++;
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				this.count += n;
			}
			return n;
		}

		long count() {
			return this.count;
		}

	}

}
