/**
 * Instances of the process runtime as users of their own: a uid per instance, its folder
 * its alone, the platform's files and other instances out of its reach, a bound on its
 * processes.
 */
@NullMarked
package io.iotp.nodeagent.appuser;

import org.jspecify.annotations.NullMarked;
