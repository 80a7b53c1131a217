package io.iotp.starter.lease;

import java.time.Clock;
import java.time.Duration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import io.iotp.starter.PlatformIdentity;

/**
 * Makes the {@link Lease}s of a service's duties, kept in its database's {@code leases}
 * collection, held in the name of this replica.
 */
public final class Leases {

	private final MongoCollection<Document> collection;

	private final PlatformIdentity identity;

	private final Clock clock;

	public Leases(MongoDatabase database, PlatformIdentity identity, Clock clock) {
		this.collection = database.getCollection("leases");
		this.identity = identity;
		this.clock = clock;
	}

	/**
	 * A lease on a duty; register it as a bean so it is renewed while the application
	 * runs.
	 * @param term how long it lasts unrenewed: how long the duty may go undone when its
	 * holder dies
	 * @param renewEvery how often its holder renews it, and the others try to take it
	 */
	public Lease lease(String duty, Duration term, Duration renewEvery) {
		if (renewEvery.compareTo(term) >= 0) {
			throw new IllegalArgumentException(
					"lease " + duty + ": renewed every " + renewEvery + ", it would lapse first (term " + term + ")");
		}
		return new Lease(duty, this.identity.instanceId(), term, renewEvery, this.collection, this.clock);
	}

}
