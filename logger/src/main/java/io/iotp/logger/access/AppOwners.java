package io.iotp.logger.access;

import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.deployment.DeployerCommand;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.messaging.Envelope;

/**
 * Who owns which app, learned from the deployments app-controller requests
 * ({@code DeploymentRequested} carries app and owner), kept in the collection
 * {@code app_owners} ({@code _id} = app). The logger has its own consumer group for this,
 * so it sees every request whatever the deployer does. Storing is an upsert, naturally
 * idempotent. Queries read the collection; the live tail asks an in-memory copy that
 * every replica refreshes from it.
 */
@Component
public class AppOwners {

	private static final Logger log = LoggerFactory.getLogger(AppOwners.class);

	static final String COLLECTION = "app_owners";

	private static final String OWNER = "owner";

	private final MongoTemplate mongo;

	private final Clock clock;

	private volatile Map<String, String> known = Map.of();

	AppOwners(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	@KafkaListener(id = "log-app-owners", idIsGroup = false, groupId = "${spring.application.name}-app-owners",
			topics = TopicNames.SCHEDULER_TO_DEPLOYER)
	void on(Envelope<DeployerCommand> envelope) {
		if (envelope.payload() instanceof DeploymentRequested requested && requested.owner() != null) {
			remember(requested.app().value(), requested.owner());
		}
	}

	/** Records that {@code owner} owns {@code app}. */
	public void remember(String app, String owner) {
		String before = this.known.get(app);
		collection().replaceOne(Filters.eq("_id", app),
				new Document("_id", app).append(OWNER, owner).append("updatedAt", Date.from(this.clock.instant())),
				new ReplaceOptions().upsert(true));
		Map<String, String> updated = new HashMap<>(this.known);
		updated.put(app, owner);
		this.known = Map.copyOf(updated);
		if (!owner.equals(before)) {
			log.info("[app {}] owned by {}: its logs are theirs to read", app, owner);
		}
	}

	/** The apps {@code owner} owns, from the store. */
	public Set<String> appsOf(String owner) {
		Set<String> apps = new HashSet<>();
		for (Document document : collection().find(Filters.eq(OWNER, owner)).projection(Projections.include("_id"))) {
			apps.add(document.getString("_id"));
		}
		return apps;
	}

	/**
	 * The owner of {@code app} as this replica last heard, without asking the store (live
	 * tail).
	 */
	public Optional<String> cachedOwnerOf(@Nullable String app) {
		return (app != null) ? Optional.ofNullable(this.known.get(app)) : Optional.empty();
	}

	/**
	 * Another replica may have stored owners this one did not consume: re-read them all
	 * now and then.
	 */
	@Scheduled(fixedDelay = 10_000, initialDelay = 0)
	void refresh() {
		try {
			Map<String, String> all = new HashMap<>();
			for (Document document : collection().find()) {
				all.put(document.getString("_id"), document.getString(OWNER));
			}
			this.known = Map.copyOf(all);
		}
		catch (RuntimeException ex) {
			log.warn("could not re-read app owners, keeping the {} known: {}", this.known.size(), ex.toString());
		}
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION);
	}

}
