/** The {@code node-commands} listener. */
@NullMarked
package io.iotp.nodeagent.command;

import org.jspecify.annotations.NullMarked;
