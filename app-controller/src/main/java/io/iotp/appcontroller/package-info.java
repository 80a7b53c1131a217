/**
 * App controller: app package validation and registry, deployments and their schedules.
 * One package per feature: {@code contract}, {@code validation}, {@code app},
 * {@code deployment}, {@code schedule}, and {@code status}. Who is asking comes from the
 * platform starter's {@code Callers} (the verified token).
 */
@NullMarked
package io.iotp.appcontroller;

import org.jspecify.annotations.NullMarked;
