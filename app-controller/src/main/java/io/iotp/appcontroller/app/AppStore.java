package io.iotp.appcontroller.app;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.iotp.contracts.app.AppVersionState;

/**
 * The {@code apps} collection. Every change is one atomic update of one document, guarded
 * by what it expects to find, because the store has no transactions.
 */
@Component
class AppStore implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(AppStore.class);

	private final MongoTemplate mongo;

	AppStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Developers list their own apps. */
	@Override
	public void afterPropertiesSet() {
		try {
			this.mongo.indexOps(AppDocument.class).createIndex(new Index().on("owner", Sort.Direction.ASC));
		}
		catch (RuntimeException ex) {
			log.warn("could not create the indexes of {}: {}", AppDocument.COLLECTION, ex.getMessage());
		}
	}

	Optional<AppDocument> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, AppDocument.class));
	}

	List<AppDocument> findAll(String owner, boolean everyone) {
		Query query = everyone ? new Query() : Query.query(Criteria.where("owner").is(owner));
		return this.mongo.find(query.with(Sort.by("id")), AppDocument.class);
	}

	/**
	 * Creates the app with its first version; false if an app of that name exists
	 * already.
	 */
	boolean create(AppDocument app) {
		try {
			this.mongo.insert(app);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Adds a version to an app of this owner, unless the app has that version already.
	 * @return whether it was added
	 */
	boolean addVersion(String id, String owner, AppVersion version) {
		Query query = Query
			.query(Criteria.where("id").is(id).and("owner").is(owner).and("versions.version").ne(version.version()));
		Update update = new Update().push("versions", version)
			.set("description", version.description())
			.set("entryService", version.entryService())
			.set("access", version.access());
		return this.mongo.updateFirst(query, update, AppDocument.class).getMatchedCount() == 1;
	}

	/** Marks an {@code UPLOADED} version {@code VALIDATED} once its zip is stored. */
	boolean markStored(String id, String version, String sha256, long size) {
		// The element is named twice: $elemMatch guards its status, the plain path is
		// what the positional
		// operator of the update binds to (the embedded store resolves '$' only from such
		// a path).
		Query query = Query.query(Criteria.where("id")
			.is(id)
			.and("versions")
			.elemMatch(Criteria.where("version").is(version).and("status").is(AppVersionState.UPLOADED))
			.and("versions.version")
			.is(version));
		Update update = new Update().set("versions.$.status", AppVersionState.VALIDATED)
			.set("versions.$.sha256", sha256)
			.set("versions.$.size", size);
		return this.mongo.updateFirst(query, update, AppDocument.class).getModifiedCount() == 1;
	}

	/**
	 * Removes a version that is still {@code UPLOADED} (its zip never got stored), and
	 * the app with it if that was its only version.
	 * @param uploadedBefore only if it was accepted before this time
	 * @return whether it was removed
	 */
	boolean removeUnstored(String id, String version, Instant uploadedBefore) {
		Query query = Query.query(Criteria.where("id")
			.is(id)
			.and("versions")
			.elemMatch(Criteria.where("version")
				.is(version)
				.and("status")
				.is(AppVersionState.UPLOADED)
				.and("uploadedAt")
				.lte(uploadedBefore)));
		Update update = new Update().pull("versions",
				Query.query(Criteria.where("version").is(version)).getQueryObject());
		boolean removed = this.mongo.updateFirst(query, update, AppDocument.class).getModifiedCount() == 1;
		this.mongo.remove(Query.query(Criteria.where("id").is(id).and("versions").size(0)), AppDocument.class);
		return removed;
	}

	boolean delete(String id) {
		return this.mongo.remove(Query.query(Criteria.where("id").is(id)), AppDocument.class).getDeletedCount() == 1;
	}

}
