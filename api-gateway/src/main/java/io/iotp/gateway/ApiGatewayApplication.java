package io.iotp.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiGatewayApplication {

	/** Reactor Netty's own setting for how many event loops serve (and, on the hot path, proxy) requests. */
	static final String EVENT_LOOPS = "reactor.netty.ioWorkerCount";

	public static void main(String[] args) {
		// One event loop per core, not Reactor Netty's "at least 4": the gateway shares its cores with the
		// apps and services it proxies to, and on 2 cores 4 loops cost ~40 % of the hot path's throughput
		// in context switches (BENCHMARKS.md, gateway overhead). Set the property to choose otherwise.
		if (System.getProperty(EVENT_LOOPS) == null) {
			System.setProperty(EVENT_LOOPS, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
		}
		SpringApplication.run(ApiGatewayApplication.class, args);
	}

}
