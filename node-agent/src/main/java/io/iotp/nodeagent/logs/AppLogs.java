package io.iotp.nodeagent.logs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.Topics;
import io.iotp.contracts.logging.LogEntry;
import io.iotp.starter.MessagePublisher;

/**
 * Ships instance output to {@code app-logs}: every open {@link InstanceOutput} is read at
 * a fixed interval on one thread of its own, and each line becomes a {@link LogEntry}
 * keyed and sourced {@code <app>/<service>}, with the instance's ids as context.
 */
public class AppLogs implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AppLogs.class);

	private final MessagePublisher publisher;

	private final int keepLines;

	private final Set<InstanceOutput> open = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService poller;

	/**
	 * @param publisher where log entries go
	 * @param pollInterval how often output files are read
	 * @param keepLines how many last lines each output keeps
	 */
	public AppLogs(MessagePublisher publisher, Duration pollInterval, int keepLines) {
		this.publisher = publisher;
		this.keepLines = keepLines;
		this.poller = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("iotp-app-logs").daemon(true).factory());
		this.poller.scheduleWithFixedDelay(this::pollAll, pollInterval.toMillis(), pollInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Starts shipping an instance's output.
	 * @param logDir folder of its output files
	 * @param context its ids: {@code app}, {@code service}, {@code deploymentId},
	 * {@code instanceId}, {@code nodeId}
	 * @param offsets where to go on from ({@link InstanceOutput.Offsets#START} for a new
	 * instance)
	 * @param healthPath the path the agent probes it at, whose request lines are DEBUG;
	 * null when it is not probed over HTTP
	 */
	public InstanceOutput open(Path logDir, Map<String, String> context, InstanceOutput.Offsets offsets,
			@Nullable String healthPath) {
		String source = context.get("app") + "/" + context.get("service");
		String instanceId = context.getOrDefault("instanceId", "");
		Map<String, String> frozen = Map.copyOf(context);
		InstanceOutput output = new InstanceOutput(logDir, offsets, this.keepLines, (stream, line) -> ship(source,
				instanceId, frozen, LineLevels.of(line, stream, healthPath), stream.logger(), line));
		this.open.add(output);
		return output;
	}

	/** Ships what is left of an instance's output and stops following it. */
	public void close(InstanceOutput output) {
		this.open.remove(output);
		output.drain();
	}

	/**
	 * Stops following an instance's output without reading further: the next agent goes
	 * on with it.
	 */
	public void detach(InstanceOutput output) {
		this.open.remove(output);
	}

	@Override
	public void close() {
		this.poller.shutdownNow();
	}

	private void pollAll() {
		for (InstanceOutput output : this.open) {
			try {
				output.poll();
			}
			catch (RuntimeException ex) {
				log.warn("could not read instance output: {}", ex.toString());
			}
		}
	}

	private void ship(String source, String instanceId, Map<String, String> context, String level, String logger,
			String line) {
		LogEntry entry = new LogEntry(source, instanceId, Instant.now(), level, logger, null, line, null, context);
		try {
			this.publisher.publish(Topics.APP_LOGS, entry);
		}
		catch (RuntimeException ex) {
			// the line stays in the instance's log file; the platform log says why it did
			// not travel
			log.warn("could not ship a log line of {}: {}", source, ex.toString());
		}
	}

}
