/** Kafka plumbing the deployer's clients share: request-reply with a timeout. */
@NullMarked
package io.iotp.deployer.kafka;

import org.jspecify.annotations.NullMarked;
