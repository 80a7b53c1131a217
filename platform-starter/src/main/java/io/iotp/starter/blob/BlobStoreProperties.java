package io.iotp.starter.blob;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The blob store: a folder, unless Azure Blob Storage is configured.
 *
 * @param dir folder of the file-system store (the embedded platform passes
 * {@code <data dir>/blobs})
 * @param azure Azure Blob Storage (or Azurite), used when it names an account
 */
@ConfigurationProperties("iotp.blob-store")
public record BlobStoreProperties(@DefaultValue("${user.home}/.iotp/blobs") Path dir, @DefaultValue Azure azure) {

	/**
	 * An Azure Blob Storage container. Give a connection string, or an account URL with a
	 * SAS token (in the URL's query or on its own); never both. Both carry secrets: pass
	 * them in a file only the service reads ({@code --spring.config.import}), not on a
	 * command line.
	 *
	 * @param connectionString the account's connection string
	 * @param accountUrl the account's blob endpoint, e.g.
	 * {@code https://acct.blob.core.windows.net}
	 * @param sasToken a shared access signature for the account URL, without its leading
	 * {@code ?}
	 * @param container the container holding the platform's blobs
	 * @param timeout how long one call may take, retries included
	 */
	public record Azure(@Nullable String connectionString, @Nullable String accountUrl, @Nullable String sasToken,
			@DefaultValue("iotp") String container, @DefaultValue("60s") Duration timeout) {

		public Azure {
			if (connectionString != null && accountUrl != null) {
				throw new IllegalArgumentException(
						"iotp.blob-store.azure: give connection-string or account-url, not both");
			}
			if (sasToken != null && accountUrl == null) {
				throw new IllegalArgumentException("iotp.blob-store.azure.sas-token needs account-url");
			}
			if (!container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
				throw new IllegalArgumentException("iotp.blob-store.azure.container '" + container
						+ "' is not a container name: 3 to 63 lower-case letters, digits and single hyphens");
			}
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("iotp.blob-store.azure.timeout must be positive");
			}
		}

		/** Whether an account is named: the store is then Azure's. */
		public boolean configured() {
			return this.connectionString != null || this.accountUrl != null;
		}

	}

}
