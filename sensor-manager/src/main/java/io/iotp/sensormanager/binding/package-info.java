/**
 * Binding sensors to deployments: resolving an app's sensor requirements (or explicit
 * ids) to the owner's sensors, creating the per-service topics, storing the binding,
 * letting new sensors join and ending bindings with their deployment. The public types
 * are what delivery reads.
 */
@NullMarked
package io.iotp.sensormanager.binding;

import org.jspecify.annotations.NullMarked;
