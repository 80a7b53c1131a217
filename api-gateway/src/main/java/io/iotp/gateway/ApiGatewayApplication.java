package io.iotp.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiGatewayApplication {

	/**
	 * Reactor Netty's own setting for how many event loops serve (and, on the hot path,
	 * proxy) requests.
	 */
	static final String EVENT_LOOPS = "reactor.netty.ioWorkerCount";

	public static void main(String[] args) {
		// An event loop per two cores, not Reactor Netty's "at least 4": the gateway
		// shares its machine with
		// the apps and services it proxies to, and more loops than it can keep busy cost
		// the hot path its
		// throughput in context switches. On 2 cores the bench app got 17.5k req/s
		// through the gateway with
		// 4 loops, 20.9-23.2k with 2 and 25.3-28.3k with 1 (BENCHMARKS.md). Nothing
		// blocks these loops:
		// directory and database work runs on Reactor's bounded elastic threads. Set the
		// property to choose.
		if (System.getProperty(EVENT_LOOPS) == null) {
			System.setProperty(EVENT_LOOPS,
					Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
		}
		SpringApplication.run(ApiGatewayApplication.class, args);
	}

}
