package io.iotp.monitoring.leader;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.starter.lease.Lease;
import io.iotp.starter.lease.Leases;

/**
 * The lease that lets one monitoring replica judge and act while the others only watch.
 */
@Configuration(proxyBeanMethods = false)
class LeaderLeaseConfiguration {

	@Bean
	Lease leaderLease(Leases leases, LeaseProperties properties) {
		return leases.lease(properties.name(), properties.duration(), properties.renewEvery());
	}

}
