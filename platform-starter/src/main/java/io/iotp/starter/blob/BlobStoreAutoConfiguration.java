package io.iotp.starter.blob;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A file-system blob store unless the service defines another {@link BlobStore}. */
@AutoConfiguration
@EnableConfigurationProperties(BlobStoreProperties.class)
public class BlobStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BlobStore blobStore(BlobStoreProperties properties) {
		return new FileSystemBlobStore(properties.dir());
	}

}
