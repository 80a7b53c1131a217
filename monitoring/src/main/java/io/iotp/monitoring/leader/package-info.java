/** The lease that lets one monitoring replica act while the others watch. */
@NullMarked
package io.iotp.monitoring.leader;

import org.jspecify.annotations.NullMarked;
