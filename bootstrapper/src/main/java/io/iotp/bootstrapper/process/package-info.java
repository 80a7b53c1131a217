/** Starting, finding and stopping the platform's processes. */
@NullMarked
package io.iotp.bootstrapper.process;

import org.jspecify.annotations.NullMarked;
