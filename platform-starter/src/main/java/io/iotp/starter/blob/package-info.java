/** The blob store: app packages and other large objects, by key. */
@NullMarked
package io.iotp.starter.blob;

import org.jspecify.annotations.NullMarked;
