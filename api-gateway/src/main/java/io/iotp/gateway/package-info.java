/**
 * The single entry point: routes the API to its services and app links to app instances.
 */
@NullMarked
package io.iotp.gateway;

import org.jspecify.annotations.NullMarked;
