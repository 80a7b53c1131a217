/**
 * Validation of uploaded app packages (SPEC §3): archive safety (zip slip, symlinks,
 * bombs, limits), descriptors against the contract's JSON Schemas, and the semantic
 * checks schemas cannot express. Every problem is collected, so a developer fixes them
 * all in one round.
 */
@NullMarked
package io.iotp.appcontroller.validation;

import org.jspecify.annotations.NullMarked;
