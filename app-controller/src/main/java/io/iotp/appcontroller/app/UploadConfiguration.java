package io.iotp.appcontroller.app;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import io.iotp.appcontroller.validation.ValidationProperties;

/**
 * Multipart limits from {@link ValidationProperties#maxUploadSize()}: above the unpacked
 * limit, so that the validator (not the servlet container) explains why a big archive is
 * refused, and still bounded.
 */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

	@Bean
	MultipartConfigElement multipartConfigElement(ValidationProperties limits) {
		MultipartConfigFactory factory = new MultipartConfigFactory();
		factory.setMaxFileSize(limits.maxUploadSize());
		factory
			.setMaxRequestSize(DataSize.ofBytes(limits.maxUploadSize().toBytes() + DataSize.ofMegabytes(1).toBytes()));
		// parts go to disk at once rather than into the heap
		factory.setFileSizeThreshold(DataSize.ofBytes(0));
		return factory.createMultipartConfig();
	}

}
