/**
 * The platform's web UI (module platform-ui): its files and the single-page fallback for
 * its routes.
 */
@NullMarked
package io.iotp.gateway.ui;

import org.jspecify.annotations.NullMarked;
