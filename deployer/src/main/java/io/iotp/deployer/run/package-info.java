/**
 * One run of a deployment: its instances, its state machine, and what it tells the
 * platform.
 */
@NullMarked
package io.iotp.deployer.run;

import org.jspecify.annotations.NullMarked;
