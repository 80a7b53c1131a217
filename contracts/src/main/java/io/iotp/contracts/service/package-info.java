/**
 * The {@code register-service} topic: which instances serve an app service's traffic.
 */
@NullMarked
package io.iotp.contracts.service;

import org.jspecify.annotations.NullMarked;
