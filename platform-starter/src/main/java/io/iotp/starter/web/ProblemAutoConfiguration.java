package io.iotp.starter.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Problem responses for servlet services. Runs before Spring MVC's auto-configuration so that Boot's
 * own problem handler backs off and every error goes through {@link ProblemAdvice}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
public class ProblemAutoConfiguration {

	@Bean
	ProblemAdvice problemAdvice() {
		return new ProblemAdvice();
	}

}
