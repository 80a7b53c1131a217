/**
 * Fetching an app package from the blob store and unpacking one service of it, safely.
 */
@NullMarked
package io.iotp.nodeagent.artifact;

import org.jspecify.annotations.NullMarked;
