/**
 * A fleet of nodes described by {@code nodes.yml}, reached over SSH (JSch): reading and
 * checking the file, and checking each node before anything starts there.
 */
@NullMarked
package io.iotp.bootstrapper.fleet;

import org.jspecify.annotations.NullMarked;
