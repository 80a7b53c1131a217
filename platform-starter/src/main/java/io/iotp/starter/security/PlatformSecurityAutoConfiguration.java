package io.iotp.starter.security;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every servlet service verifies the gateway's tokens itself: a request reaching a
 * service directly (another service, a script on the box) is held to the same rules as
 * one through the gateway. Revocation stays with the gateway, which every external
 * request passes.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, JwtDecoder.class })
@EnableConfigurationProperties(PlatformSecurityProperties.class)
@EnableWebSecurity
public class PlatformSecurityAutoConfiguration {

	private static final String ROLES_CLAIM = "roles";

	@Bean
	@ConditionalOnMissingBean
	Callers callers() {
		return new Callers();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "iotp.security.enabled", matchIfMissing = true)
	JwtDecoder platformJwtDecoder(PlatformSecurityProperties properties) {
		return TokenDecoders.of(properties);
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain platformSecurityFilterChain(HttpSecurity http, PlatformSecurityProperties properties,
			ObjectProvider<JwtDecoder> decoder) throws Exception {
		ProblemResponses problems = new ProblemResponses();
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		if (!properties.enabled()) {
			// Development switch only: no token needed, and Callers reports an anonymous
			// caller without roles.
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}
		http.authorizeHttpRequests((requests) -> {
			// Errors rendered on the error dispatch keep their own status instead of
			// turning into a 401.
			requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
			requests.requestMatchers(PlatformSecurityProperties.ALWAYS_PUBLIC.toArray(String[]::new)).permitAll();
			if (!properties.publicPaths().isEmpty()) {
				requests.requestMatchers(properties.publicPaths().toArray(String[]::new)).permitAll();
			}
			if (!properties.adminPaths().isEmpty()) {
				requests.requestMatchers(properties.adminPaths().toArray(String[]::new)).hasRole(Caller.ADMIN);
			}
			requests.anyRequest().authenticated();
		})
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(decoder.getObject()).jwtAuthenticationConverter(rolesAsAuthorities()))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.addFilterBefore(new TokenCheckUnavailableFilter(problems), BearerTokenAuthenticationFilter.class);
		return http.build();
	}

	/** {@code "roles": ["ADMIN"]} → {@code ROLE_ADMIN}, the subject as the name. */
	private static JwtAuthenticationConverter rolesAsAuthorities() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName(ROLES_CLAIM);
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
