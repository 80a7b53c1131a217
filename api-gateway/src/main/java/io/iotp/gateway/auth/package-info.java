/**
 * Identity: registration and login against the directory (LDAP), RS256 tokens with a
 * persisted key, revocation, login and API rate limits, the token check in front of every
 * protected route, users.
 */
@NullMarked
package io.iotp.gateway.auth;

import org.jspecify.annotations.NullMarked;
