/**
 * Who a request acts for besides a developer's token: a deployed app with its app-scoped
 * token.
 */
@NullMarked
package io.iotp.sensormanager.access;

import org.jspecify.annotations.NullMarked;
