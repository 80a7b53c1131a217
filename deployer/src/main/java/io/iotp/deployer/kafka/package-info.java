/**
 * Kafka plumbing: request-reply with a timeout for the deployer's clients, and the
 * principals deployments read their topics as.
 */
@NullMarked
package io.iotp.deployer.kafka;

import org.jspecify.annotations.NullMarked;
