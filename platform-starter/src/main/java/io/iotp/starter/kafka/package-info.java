/** Kafka serdes for contract envelopes. */
@NullMarked
package io.iotp.starter.kafka;

import org.jspecify.annotations.NullMarked;
