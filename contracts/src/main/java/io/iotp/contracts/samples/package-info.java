/**
 * The sample apps of the contract (a Python app with a worker, a Java app), shipped as
 * classpath resources and zipped on demand: developers download them, tests upload and
 * deploy them.
 */
@NullMarked
package io.iotp.contracts.samples;

import org.jspecify.annotations.NullMarked;
