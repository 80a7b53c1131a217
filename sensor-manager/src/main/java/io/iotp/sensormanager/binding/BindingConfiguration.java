package io.iotp.sensormanager.binding;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The binding feature's settings and its shared index. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BindingProperties.class)
class BindingConfiguration {

	@Bean
	BindingIndex bindingIndex() {
		return new BindingIndex();
	}

}
