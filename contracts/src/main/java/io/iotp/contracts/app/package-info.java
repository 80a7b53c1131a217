/**
 * The parts of an app package (SPEC §3) that travel between services once the package is
 * validated: service specs, runtimes, resources, sensor requirements, and the app
 * version's state.
 */
@NullMarked
package io.iotp.contracts.app;

import org.jspecify.annotations.NullMarked;
