/**
 * Deployment status reported by the deployer on {@code deployment-status}, applied to the
 * deployments.
 */
@NullMarked
package io.iotp.appcontroller.status;

import org.jspecify.annotations.NullMarked;
