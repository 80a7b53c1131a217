/**
 * Deployments: requests, the state machine of SPEC §4 as guarded single-document updates,
 * and the transactional outbox that carries their Kafka commands.
 */
@NullMarked
package io.iotp.appcontroller.deployment;

import org.jspecify.annotations.NullMarked;
