/** Turns scheduled deployments into running instances, and stops them again. */
@NullMarked
package io.iotp.deployer;

import org.jspecify.annotations.NullMarked;
