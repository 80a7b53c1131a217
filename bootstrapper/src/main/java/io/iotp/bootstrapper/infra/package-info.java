/**
 * The embedded infrastructure processes: the MongoDB wire-protocol store and the LDAP
 * directory, each a small JVM of its own that persists to the data directory and
 * heartbeats like any component.
 */
@NullMarked
package io.iotp.bootstrapper.infra;

import org.jspecify.annotations.NullMarked;
