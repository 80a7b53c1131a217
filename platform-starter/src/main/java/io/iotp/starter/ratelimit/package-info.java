/** Rate limits kept in memory by the services: token buckets by key. */
@NullMarked
package io.iotp.starter.ratelimit;

import org.jspecify.annotations.NullMarked;
