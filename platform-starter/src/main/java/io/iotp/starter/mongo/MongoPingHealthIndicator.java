package io.iotp.starter.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import com.mongodb.client.MongoClient;

/**
 * Document-store health by {@code ping}. Boot's own indicator sends {@code hello}, which
 * the embedded MongoDB wire-protocol server does not implement; {@code ping} means the
 * same on both.
 */
public class MongoPingHealthIndicator implements HealthIndicator {

	private final MongoClient client;

	public MongoPingHealthIndicator(MongoClient client) {
		this.client = client;
	}

	@Override
	public Health health() {
		try {
			Document answer = this.client.getDatabase("admin").runCommand(new Document("ping", 1));
			return Health.up().withDetail("ping", answer.get("ok")).build();
		}
		catch (RuntimeException ex) {
			return Health.down(ex).build();
		}
	}

}
