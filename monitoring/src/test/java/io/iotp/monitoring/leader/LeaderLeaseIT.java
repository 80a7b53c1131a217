package io.iotp.monitoring.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Two replicas' leases over the MongoDB wire protocol: never both leaders, and a silent
 * one is replaced.
 */
class LeaderLeaseIT {

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	private final LeaseProperties properties = new LeaseProperties("monitoring", Duration.ofSeconds(1),
			Duration.ofMillis(200));

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		InetSocketAddress address = this.server.bind();
		this.client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
		this.mongo = new MongoTemplate(this.client, "lease-test");
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void onlyOneOfTwoHoldsTheLeaseAndTheOtherTakesItOverOnceItExpires() {
		LeaderLease first = new LeaderLease(this.mongo, this.properties, "replica-a", Clock.systemUTC());
		LeaderLease second = new LeaderLease(this.mongo, this.properties, "replica-b", Clock.systemUTC());

		assertThat(first.renew()).isTrue();
		assertThat(second.renew()).isFalse();
		assertThat(first.renew()).as("the holder renews").isTrue();
		assertThat(second.renew()).isFalse();
		assertThat(first.isLeader()).isTrue();
		assertThat(second.isLeader()).isFalse();

		// the first stops renewing (it died): after the lease's duration the second takes
		// it
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(second::renew);
		assertThat(first.isLeader()).as("its own lease ran out too").isFalse();
		assertThat(first.renew()).as("the old leader cannot take it back while it is held").isFalse();
		assertThat(second.leaderSince()).isNotNull();
	}

	@Test
	void aReleasedLeaseIsTakenAtOnce() {
		LeaderLease first = new LeaderLease(this.mongo, this.properties, "replica-a", Clock.systemUTC());
		LeaderLease second = new LeaderLease(this.mongo, this.properties, "replica-b", Clock.systemUTC());
		assertThat(first.renew()).isTrue();

		first.release();

		assertThat(first.isLeader()).isFalse();
		assertThat(second.renew()).isTrue();
		assertThat(first.renew()).isFalse();
	}

}
