/**
 * The node agent: runs app instances as processes of its node and reports them (SPEC §7).
 */
@NullMarked
package io.iotp.nodeagent;

import org.jspecify.annotations.NullMarked;
