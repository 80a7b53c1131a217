/**
 * The {@code iotp} CLI: brings the platform up on one machine (embedded infrastructure
 * plus every service as its own JVM), reports its status and takes it down again.
 */
@NullMarked
package io.iotp.bootstrapper;

import org.jspecify.annotations.NullMarked;
