/**
 * Helpers the modules' tests share: {@link io.iotp.testsupport.EmbeddedMongo} for a test
 * context's document store, {@link io.iotp.testsupport.KafkaProbe} to see what reached a
 * topic, {@link io.iotp.testsupport.Api} to call a service's REST API over real HTTP, and
 * {@link io.iotp.testsupport.LayeringRules} that every service module checks in its own
 * test phase.
 */
@NullMarked
package io.iotp.testsupport;

import org.jspecify.annotations.NullMarked;
