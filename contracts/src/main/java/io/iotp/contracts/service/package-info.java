/**
 * The {@code register-service} and {@code start-new-instance} topics: which instances serve an app
 * service's traffic, and requests for one more of them.
 */
@NullMarked
package io.iotp.contracts.service;

import org.jspecify.annotations.NullMarked;
