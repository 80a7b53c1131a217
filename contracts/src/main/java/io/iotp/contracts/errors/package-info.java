/**
 * Stable error codes with their HTTP status and a hint on how to fix the problem, and the
 * exception that carries one. A code travels unchanged in problem responses and in Kafka
 * failure events.
 */
@NullMarked
package io.iotp.contracts.errors;

import org.jspecify.annotations.NullMarked;
