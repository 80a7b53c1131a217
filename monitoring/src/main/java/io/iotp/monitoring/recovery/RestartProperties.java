package io.iotp.monitoring.recovery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restarting platform components that died. In local mode the bootstrapper passes the
 * command that brings back whatever of its platform is missing ({@code iotp up} on the
 * same data directory and ports).
 *
 * @param command the command line to run, one argument per element; restarts are off when
 * empty
 * @param logFile where the command's output is appended; discarded when unset
 * @param initialBackoff wait after a restart attempt before the next one, while something
 * is still down
 * @param maxBackoff the longest wait between attempts (it doubles up to this)
 * @param timeout a restart command still running after this is ended (what it started
 * keeps running)
 */
@ConfigurationProperties("iotp.monitoring.restart")
public record RestartProperties(@DefaultValue List<String> command, @Nullable Path logFile,
		@DefaultValue("5s") Duration initialBackoff, @DefaultValue("2m") Duration maxBackoff,
		@DefaultValue("5m") Duration timeout) {

}
