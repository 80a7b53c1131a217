/** Rate limits: token buckets per sensor and per app. */
@NullMarked
package io.iotp.sensormanager.limits;

import org.jspecify.annotations.NullMarked;
