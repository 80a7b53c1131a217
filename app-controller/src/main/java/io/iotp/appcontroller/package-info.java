/**
 * App controller: app package validation and registry, deployments and their schedules. One package
 * per feature: {@code contract}, {@code validation}, {@code app}, {@code deployment}, {@code schedule},
 * {@code status}, and {@code caller} (who is asking).
 */
@NullMarked
package io.iotp.appcontroller;

import org.jspecify.annotations.NullMarked;
