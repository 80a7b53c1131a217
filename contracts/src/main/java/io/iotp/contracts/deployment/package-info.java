/**
 * The {@code scheduler-to-deployer} and {@code deployment-status} topics: what
 * app-controller asks the deployer to do, and what became of it.
 */
@NullMarked
package io.iotp.contracts.deployment;

import org.jspecify.annotations.NullMarked;
