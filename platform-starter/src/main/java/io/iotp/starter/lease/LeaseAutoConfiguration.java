package io.iotp.starter.lease;

import java.time.Clock;

import com.mongodb.client.MongoClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.iotp.starter.PlatformIdentity;

/** {@link Leases} for every service with a MongoDB database. */
@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration")
@ConditionalOnClass(MongoClient.class)
public class LeaseAutoConfiguration {

	@Bean
	@ConditionalOnBean(MongoClient.class)
	Leases leases(MongoClient client, @Value("${spring.mongodb.database:iotp}") String database,
			PlatformIdentity identity, ObjectProvider<Clock> clock) {
		return new Leases(client.getDatabase(database), identity, clock.getIfAvailable(Clock::systemUTC));
	}

}
