package io.iotp.monitoring.leader;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.bson.Document;

/**
 * A lease document in MongoDB ({@code leases}, one per name) that at most one replica
 * holds: it is taken or renewed by one atomic find-and-modify that matches only when this
 * replica already holds it or the lease has expired, so two replicas can never both
 * succeed. A replica that cannot reach the store keeps acting only until its own lease
 * would have expired.
 */
public class LeaderLease {

	private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);

	static final String COLLECTION = "leases";

	private final MongoTemplate mongo;

	private final LeaseProperties properties;

	private final String holder;

	private final Clock clock;

	private volatile @Nullable Instant validUntil;

	private volatile @Nullable Instant leaderSince;

	public LeaderLease(MongoTemplate mongo, LeaseProperties properties, String holder, Clock clock) {
		this.mongo = mongo;
		this.properties = properties;
		this.holder = holder;
		this.clock = clock;
	}

	/**
	 * Takes the lease if it is free or expired, renews it if held; returns whether this
	 * replica leads.
	 */
	public boolean renew() {
		Instant now = this.clock.instant();
		Query mine = Query.query(Criteria.where("_id")
			.is(this.properties.name())
			.orOperator(Criteria.where("holder").is(this.holder), Criteria.where("expiresAt").lt(now)));
		Update take = new Update().set("holder", this.holder).set("expiresAt", now.plus(this.properties.duration()));
		try {
			Document lease = this.mongo.findAndModify(mine, take,
					FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
			if (lease != null && this.holder.equals(lease.getString("holder"))) {
				if (this.leaderSince == null) {
					this.leaderSince = now;
					log.info("monitoring replica {} holds the lease '{}' and acts", this.holder,
							this.properties.name());
				}
				this.validUntil = now.plus(this.properties.duration());
				return true;
			}
			lose(now);
		}
		catch (DuplicateKeyException ex) {
			// the upsert met a lease held by another replica: it leads
			lose(now);
		}
		catch (DataAccessException ex) {
			log.warn("lease '{}' could not be renewed: {}", this.properties.name(), ex.getMessage());
		}
		return isLeader();
	}

	/** Whether this replica holds an unexpired lease right now. */
	public boolean isLeader() {
		Instant until = this.validUntil;
		return until != null && this.clock.instant().isBefore(until);
	}

	/** Since when this replica leads without interruption, or null when it does not. */
	public @Nullable Instant leaderSince() {
		return isLeader() ? this.leaderSince : null;
	}

	public String holder() {
		return this.holder;
	}

	/**
	 * Gives the lease up (on shutdown), so another replica need not wait for it to
	 * expire.
	 */
	public void release() {
		try {
			this.mongo.remove(
					Query.query(Criteria.where("_id").is(this.properties.name()).and("holder").is(this.holder)),
					COLLECTION);
		}
		catch (DataAccessException ex) {
			log.debug("lease not released: {}", ex.getMessage());
		}
		this.validUntil = null;
		this.leaderSince = null;
	}

	private void lose(Instant now) {
		if (this.leaderSince != null) {
			log.warn("monitoring replica {} lost the lease '{}'", this.holder, this.properties.name());
		}
		this.validUntil = null;
		this.leaderSince = null;
	}

}
