/**
 * The failure detector: what every heartbeat source looks like now, its transitions and
 * the API over them.
 */
@NullMarked
package io.iotp.monitoring.component;

import org.jspecify.annotations.NullMarked;
