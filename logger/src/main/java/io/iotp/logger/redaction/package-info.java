/** Masking of secrets (passwords, tokens, keys) in log text before it is stored. */
@NullMarked
package io.iotp.logger.redaction;

import org.jspecify.annotations.NullMarked;
