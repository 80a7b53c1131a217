package io.iotp.starter.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A lease on one duty, held by at most one replica at a time: a document in
 * {@code leases} naming its holder and when it lapses. The holder renews it well within
 * its term; any replica takes it over once it has lapsed. A replica believes it holds the
 * lease only until one term after its last renewal started, so when it loses MongoDB it
 * stops before another can take over (the nodes' clocks are checked for skew at
 * {@code iotp up}). On a clean stop the lease is given back at once.
 */
public final class Lease implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Lease.class);

	private final String name;

	private final String holder;

	private final Duration term;

	private final Duration renewEvery;

	private final MongoCollection<Document> leases;

	private final Clock clock;

	/** Until when (System.nanoTime) this replica may act as the holder; 0 for never. */
	private volatile long heldUntil;

	private @Nullable ScheduledExecutorService renewals;

	private volatile @Nullable Instant heldSince;

	Lease(String name, String holder, Duration term, Duration renewEvery, MongoCollection<Document> leases,
			Clock clock) {
		this.name = name;
		this.holder = holder;
		this.term = term;
		this.renewEvery = renewEvery;
		this.leases = leases;
		this.clock = clock;
	}

	/** Whether this replica holds the lease now. */
	public boolean held() {
		long until = this.heldUntil;
		return until != 0 && System.nanoTime() - until < 0;
	}

	/**
	 * Since when this replica holds the lease without a break, or null when it does not.
	 */
	public @Nullable Instant heldSince() {
		return held() ? this.heldSince : null;
	}

	public String name() {
		return this.name;
	}

	public String holder() {
		return this.holder;
	}

	/**
	 * Takes the lease if it is free or lapsed, or renews it if this replica holds it.
	 * @return whether this replica holds it now
	 */
	boolean renew() {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		boolean was = held();
		try {
			this.leases.updateOne(
					Filters.and(Filters.eq("_id", this.name),
							Filters.or(Filters.eq("holder", this.holder), Filters.lt("until", Date.from(now)))),
					Updates.combine(Updates.set("holder", this.holder),
							Updates.set("until", Date.from(now.plus(this.term))),
							Updates.set("renewed", Date.from(now))),
					new UpdateOptions().upsert(true));
			this.heldUntil = started + this.term.toNanos();
			if (!was) {
				this.heldSince = now;
				log.info("lease {} taken by {} (term {})", this.name, this.holder, this.term);
			}
			return true;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				log.warn("lease {}: renewal failed: {}", this.name, ex.getMessage());
				return held();
			}
			// another replica holds it: the upsert found no lapsed lease to take
			this.heldUntil = 0;
			if (was) {
				log.warn("lease {} lost by {}: another replica holds it", this.name, this.holder);
			}
			return false;
		}
		catch (MongoException ex) {
			log.warn("lease {}: renewal failed ({}), held {}", this.name, ex.getMessage(),
					held() ? "until its term ends" : "by no one here");
			return held();
		}
	}

	/**
	 * Gives the lease back, if held, so another replica need not wait for it to lapse.
	 */
	void release() {
		if (this.heldUntil == 0) {
			return;
		}
		this.heldUntil = 0;
		try {
			this.leases.deleteOne(Filters.and(Filters.eq("_id", this.name), Filters.eq("holder", this.holder)));
			log.info("lease {} given back by {}", this.name, this.holder);
		}
		catch (MongoException ex) {
			log.warn("lease {}: could not give it back ({}); it lapses in {}", this.name, ex.getMessage(), this.term);
		}
	}

	@Override
	public synchronized void start() {
		this.renewals = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("iotp-lease-" + this.name).daemon(true).factory());
		this.renewals.scheduleWithFixedDelay(this::renew, 0, Math.max(1, this.renewEvery.toMillis()),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.renewals == null) {
			return;
		}
		this.renewals.shutdownNow();
		this.renewals = null;
		release();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.renewals != null;
	}

}
