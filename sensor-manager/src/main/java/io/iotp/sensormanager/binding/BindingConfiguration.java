package io.iotp.sensormanager.binding;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.starter.ratelimit.TokenBuckets;

/**
 * The binding feature's settings, its shared index, and the check of app tokens in front
 * of the JWT check.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BindingProperties.class)
class BindingConfiguration {

	@Bean
	BindingIndex bindingIndex() {
		return new BindingIndex();
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	FilterRegistrationBean<AppTokenFilter> appTokenFilter(AppTokens tokens, BindingProperties properties) {
		// a bucket holds at least a second's worth
		TokenBuckets limiter = new TokenBuckets(properties.appCallsPerSecond(),
				Math.max(properties.appCallBurst(), properties.appCallsPerSecond()), System::nanoTime);
		FilterRegistrationBean<AppTokenFilter> registration = new FilterRegistrationBean<>(
				new AppTokenFilter(tokens, limiter));
		// before Spring Security, whose bearer token check would refuse a token that is
		// no JWT
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

}
