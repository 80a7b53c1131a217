package io.iotp.starter.mongo;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import com.mongodb.client.MongoClient;

/**
 * Replaces Boot's MongoDB health contributor (by its bean name) with
 * {@link MongoPingHealthIndicator}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
		beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration")
@ConditionalOnClass({ MongoClient.class, org.springframework.boot.health.contributor.HealthIndicator.class })
public class MongoHealthAutoConfiguration {

	@Bean
	@ConditionalOnBean(MongoClient.class)
	MongoPingHealthIndicator mongoHealthContributor(MongoClient client) {
		return new MongoPingHealthIndicator(client);
	}

}
