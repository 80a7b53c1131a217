package io.iotp.starter.security;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives a test context its own {@link TestTokens}: registered as a bean (tests autowire
 * it) and its public key set as {@code iotp.security.public-key-location}, so the service
 * trusts exactly those tokens. Use with
 * {@code @ContextConfiguration(initializers = TestTokensInitializer.class)}.
 */
public class TestTokensInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestTokens tokens = new TestTokens();
		context.getBeanFactory().registerSingleton("testTokens", tokens);
		TestPropertyValues.of(tokens.publicKeyLocationProperty()).applyTo(context);
	}

}
