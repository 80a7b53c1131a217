package io.iotp.deployer.kafka;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deployments with {@code kafka} delivery log in to Kafka.
 *
 * @param secretFile the key each deployment's password is derived from; without it the
 * broker asks nobody who they are, and deployments get no credentials
 * @param securityProtocol the protocol of the listener apps read from
 * @param mechanism the SASL mechanism of deployments' principals
 */
@ConfigurationProperties("iotp.deployer.app-kafka")
public record AppKafkaProperties(@Nullable Path secretFile, @DefaultValue("SASL_PLAINTEXT") String securityProtocol,
		@DefaultValue("SCRAM-SHA-256") String mechanism) {

}
