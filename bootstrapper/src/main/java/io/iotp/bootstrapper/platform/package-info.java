/**
 * The platform as a set of components: their layout, start order, health and life cycle.
 */
@NullMarked
package io.iotp.bootstrapper.platform;

import org.jspecify.annotations.NullMarked;
