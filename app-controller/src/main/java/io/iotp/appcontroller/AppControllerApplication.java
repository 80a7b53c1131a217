package io.iotp.appcontroller;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The app controller: validates and stores uploaded app packages, keeps the app registry,
 * and runs deployments through their state machine on a schedule (SPEC §2, §3, §4).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AppControllerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AppControllerApplication.class, args);
	}

	/** One clock for every "now", so schedules and histories agree. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
