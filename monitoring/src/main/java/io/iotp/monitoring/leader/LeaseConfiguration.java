package io.iotp.monitoring.leader;

import java.time.Clock;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.iotp.starter.PlatformIdentity;

/** This replica's lease, held under its replica id and renewed on a schedule. */
@Configuration(proxyBeanMethods = false)
class LeaseConfiguration {

	@Bean
	LeaderLease leaderLease(MongoTemplate mongo, LeaseProperties properties, PlatformIdentity identity, Clock clock) {
		return new LeaderLease(mongo, properties, identity.instanceId(), clock);
	}

	/** Renews the lease, and gives it up when the replica stops. */
	@Component
	static class Renewal implements SmartLifecycle {

		private final LeaderLease lease;

		private volatile boolean running;

		Renewal(LeaderLease lease) {
			this.lease = lease;
		}

		@Scheduled(fixedDelayString = "${iotp.monitoring.leader.renew-every:2s}")
		void renew() {
			if (this.running) {
				this.lease.renew();
			}
		}

		@Override
		public void start() {
			this.running = true;
			this.lease.renew();
		}

		@Override
		public void stop() {
			this.running = false;
			this.lease.release();
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
