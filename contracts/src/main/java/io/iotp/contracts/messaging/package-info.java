/**
 * The envelope every Kafka message travels in, the registry of message type names, and
 * the JSON codec.
 */
@NullMarked
package io.iotp.contracts.messaging;

import org.jspecify.annotations.NullMarked;
