/**
 * Token verification in every servlet service: the gateway's RS256 JWTs checked against
 * its JWK Set, roles as authorities, 401/403 as problems, and
 * {@link io.iotp.starter.security.Callers} so services never touch Spring Security types.
 */
@NullMarked
package io.iotp.starter.security;

import org.jspecify.annotations.NullMarked;
