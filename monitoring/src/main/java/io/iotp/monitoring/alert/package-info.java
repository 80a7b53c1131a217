/** Admin alerts: raised, resolved, stored, acknowledged and delivered. */
@NullMarked
package io.iotp.monitoring.alert;

import org.jspecify.annotations.NullMarked;
