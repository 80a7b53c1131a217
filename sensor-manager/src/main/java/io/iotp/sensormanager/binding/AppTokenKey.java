package io.iotp.sensormanager.binding;

import java.security.SecureRandom;
import java.util.Base64;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The secret app tokens are signed with: 32 random bytes, created once and kept in
 * MongoDB (collection {@code secrets}), so every replica and every restart signs and
 * checks alike. The first replica to insert it wins; the others read the winner's.
 */
@Component
class AppTokenKey {

	static final String COLLECTION = "secrets";

	private static final String ID = "app-token-key";

	private final MongoTemplate mongo;

	private final SecureRandom random = new SecureRandom();

	private volatile byte[] key;

	AppTokenKey(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * The key, loaded (or created) on first use rather than at start, so a slow MongoDB
	 * does not hold the start.
	 */
	byte[] key() {
		byte[] known = this.key;
		if (known != null) {
			return known;
		}
		synchronized (this) {
			if (this.key == null) {
				this.key = loadOrCreate();
			}
			return this.key;
		}
	}

	private byte[] loadOrCreate() {
		Document stored = this.mongo.findById(ID, Document.class, COLLECTION);
		if (stored == null) {
			byte[] fresh = new byte[32];
			this.random.nextBytes(fresh);
			try {
				this.mongo.insert(new Document("_id", ID).append("value", Base64.getEncoder().encodeToString(fresh)),
						COLLECTION);
				return fresh;
			}
			catch (DuplicateKeyException ex) {
				// another replica created it first: use theirs
				stored = this.mongo.findById(ID, Document.class, COLLECTION);
			}
		}
		if (stored == null) {
			throw new IllegalStateException("the app token key disappeared from " + COLLECTION);
		}
		return Base64.getDecoder().decode(stored.getString("value"));
	}

}
