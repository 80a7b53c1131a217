/**
 * The schedule clock: claims due schedules with a lease so that, among any number of
 * replicas, each run fires once, and fires it.
 */
@NullMarked
package io.iotp.appcontroller.schedule;

import org.jspecify.annotations.NullMarked;
