package io.iotp.starter.blob;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The blob store: Azure Blob Storage when {@code iotp.blob-store.azure} names an account,
 * else a folder; unless the service defines another {@link BlobStore}.
 */
@AutoConfiguration
@EnableConfigurationProperties(BlobStoreProperties.class)
public class BlobStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BlobStore blobStore(BlobStoreProperties properties) {
		return properties.azure().configured() ? AzureBlobStore.connect(properties.azure())
				: new FileSystemBlobStore(properties.dir());
	}

}
