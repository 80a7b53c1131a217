/**
 * The {@code instance-status} topic: what node agents observe of the instances they run.
 */
@NullMarked
package io.iotp.contracts.instance;

import org.jspecify.annotations.NullMarked;
