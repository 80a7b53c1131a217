/**
 * Leases in MongoDB: how one replica of a service among several does the work that must
 * be done once (a clock, a failure detector).
 */
@NullMarked
package io.iotp.starter.lease;

import org.jspecify.annotations.NullMarked;
