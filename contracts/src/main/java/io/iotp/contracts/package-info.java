/**
 * Everything that crosses a service boundary: topic names, message records, typed ids,
 * error codes, JSON Schemas and the sample apps. Plain Java: no Spring, no MongoDB.
 */
@NullMarked
package io.iotp.contracts;

import org.jspecify.annotations.NullMarked;
