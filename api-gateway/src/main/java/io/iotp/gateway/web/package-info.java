/**
 * The gateway's own HTTP plumbing: problem rendering for every error, header limits, the
 * API docs.
 */
@NullMarked
package io.iotp.gateway.web;

import org.jspecify.annotations.NullMarked;
