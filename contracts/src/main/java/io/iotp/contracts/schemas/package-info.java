/**
 * The JSON Schemas (draft 2020-12) of what developers write: the app package's
 * descriptors, the deployment request and sensor types. They are the contract developers
 * download and what the validators check.
 */
@NullMarked
package io.iotp.contracts.schemas;

import org.jspecify.annotations.NullMarked;
