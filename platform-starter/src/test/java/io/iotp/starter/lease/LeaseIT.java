package io.iotp.starter.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import io.iotp.testsupport.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases against the MongoDB wire protocol: one holder at a time, taken over once lapsed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseIT {

	private static final Duration TERM = Duration.ofSeconds(10);

	private static final Duration RENEW_EVERY = Duration.ofSeconds(2);

	private MongoServer server;

	private MongoClient client;

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));

	@BeforeAll
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort());
	}

	@AfterAll
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void oneReplicaHoldsALeaseAndTheOtherGetsItWhenGivenBack() {
		MongoCollection<Document> leases = collection("given-back");
		Lease first = new Lease("detector", "replica-a", TERM, RENEW_EVERY, leases, this.clock);
		Lease second = new Lease("detector", "replica-b", TERM, RENEW_EVERY, leases, this.clock);
		assertThat(second.held()).isFalse();
		assertThat(first.renew()).isTrue();
		assertThat(second.renew()).isFalse();
		assertThat(first.renew()).isTrue();
		assertThat(first.held()).isTrue();
		assertThat(second.held()).isFalse();
		assertThat(leases.find().first()).containsEntry("_id", "detector").containsEntry("holder", "replica-a");

		first.release();
		assertThat(first.held()).isFalse();
		assertThat(second.renew()).isTrue();
		assertThat(first.renew()).isFalse();
		assertThat(leases.find().first()).containsEntry("holder", "replica-b");
	}

	@Test
	void aLeaseItsHolderStoppedRenewingIsTakenOverOnceItLapsed() {
		MongoCollection<Document> leases = collection("lapsed");
		Lease first = new Lease("clock", "replica-a", TERM, RENEW_EVERY, leases, this.clock);
		Lease second = new Lease("clock", "replica-b", TERM, RENEW_EVERY, leases, this.clock);
		assertThat(first.renew()).isTrue();
		this.clock.advance(TERM.minusSeconds(1));
		assertThat(second.renew()).isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(second.renew()).isTrue();
		assertThat(second.held()).isTrue();
		// the old holder, back, finds it taken and stops believing it holds it
		assertThat(first.renew()).isFalse();
		assertThat(first.held()).isFalse();
	}

	@Test
	void aHolderThatStopsRenewingStopsBelievingItHoldsTheLeaseBeforeAnotherCanTakeIt() {
		MongoCollection<Document> leases = collection("silent");
		Duration term = Duration.ofMillis(800);
		Lease first = new Lease("detector", "replica-a", term, Duration.ofMillis(200), leases, Clock.systemUTC());
		Lease second = new Lease("detector", "replica-b", term, Duration.ofMillis(200), leases, Clock.systemUTC());
		assertThat(first.renew()).isTrue();
		assertThat(first.heldSince()).isNotNull();
		assertThat(second.renew()).isFalse();

		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(second::renew);
		assertThat(first.held()).as("its own belief ran out first").isFalse();
		assertThat(first.heldSince()).isNull();
		assertThat(first.renew()).as("the old holder cannot take it back while it is held").isFalse();
	}

	@Test
	void leasesOfDifferentDutiesAreHeldApart() {
		MongoCollection<Document> leases = collection("apart");
		assertThat(new Lease("detector", "replica-a", TERM, RENEW_EVERY, leases, this.clock).renew()).isTrue();
		assertThat(new Lease("schedule-clock", "replica-b", TERM, RENEW_EVERY, leases, this.clock).renew()).isTrue();
		assertThat(leases.countDocuments()).isEqualTo(2);
	}

	private MongoCollection<Document> collection(String name) {
		return this.client.getDatabase("lease-it").getCollection(name);
	}

}
