/**
 * Typed ids: small records instead of bare strings, so a node id cannot be passed where
 * an instance id is meant. Each travels in JSON as a plain string.
 */
@NullMarked
package io.iotp.contracts.ids;

import org.jspecify.annotations.NullMarked;
