package io.iotp.gateway.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Logged-out tokens until they expire. Shared by all gateway replicas through MongoDB
 * ({@code revoked_tokens {_id: jti, expiresAt}}); each replica answers from memory and
 * re-reads the collection every {@code iotp.auth.revocation-refresh}, so another
 * replica's logout takes effect here within that time. The same job deletes expired
 * entries (no TTL index: the embedded store has none).
 */
@Component
public class RevokedTokens implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RevokedTokens.class);

	private final MongoCollection<Document> collection;

	private final AuthProperties properties;

	private final Clock clock;

	private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

	private Disposable refresher = () -> {
	};

	RevokedTokens(MongoClient client, MongoProperties mongo, AuthProperties properties, Clock clock) {
		String database = (mongo.getMongoClientDatabase() != null) ? mongo.getMongoClientDatabase()
				: "iotp-api-gateway";
		this.collection = client.getDatabase(database).getCollection("revoked_tokens");
		this.properties = properties;
		this.clock = clock;
	}

	public boolean isRevoked(String jti) {
		return this.revoked.containsKey(jti);
	}

	/** Revokes the token until its expiry; blocking (MongoDB), so off the event loop. */
	public Mono<Void> revoke(String jti, Instant expiresAt) {
		return Mono.<Void>fromRunnable(() -> {
			this.revoked.put(jti, expiresAt);
			this.collection.replaceOne(Filters.eq("_id", jti),
					new Document("_id", jti).append("expiresAt", Date.from(expiresAt)),
					new ReplaceOptions().upsert(true));
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public void afterPropertiesSet() {
		this.refresher = Flux.interval(this.properties.revocationRefresh(), Schedulers.boundedElastic())
			.onBackpressureDrop()
			.subscribe(tick -> refresh());
	}

	void refresh() {
		Date now = Date.from(this.clock.instant());
		try {
			this.collection.deleteMany(Filters.lt("expiresAt", now));
			for (Document document : this.collection.find(Filters.gte("expiresAt", now))) {
				this.revoked.put(document.getString("_id"), document.getDate("expiresAt").toInstant());
			}
		}
		catch (RuntimeException ex) {
			log.warn("could not read revoked tokens (keeping the ones known here): {}", ex.getMessage());
		}
		this.revoked.values().removeIf(expiry -> expiry.isBefore(now.toInstant()));
	}

	@Override
	public void destroy() {
		this.refresher.dispose();
	}

}
