/** What the agent started, persisted so that a restarted agent can re-adopt it. */
@NullMarked
package io.iotp.nodeagent.state;

import org.jspecify.annotations.NullMarked;
