/**
 * Auto-configuration every platform service gets by depending on this module: Kafka
 * serdes for contract envelopes, the heartbeat, log shipping to Kafka, problem responses,
 * health and metrics.
 */
@NullMarked
package io.iotp.starter;

import org.jspecify.annotations.NullMarked;
