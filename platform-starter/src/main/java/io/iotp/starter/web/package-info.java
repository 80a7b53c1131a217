/** Problem responses (RFC 9457) for servlet services. */
@NullMarked
package io.iotp.starter.web;

import org.jspecify.annotations.NullMarked;
