/**
 * Instance output: tailed from its log files and shipped line by line to
 * {@code app-logs}.
 */
@NullMarked
package io.iotp.nodeagent.logs;

import org.jspecify.annotations.NullMarked;
