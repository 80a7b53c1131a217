package io.iotp.nodeagent.instance;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The threads instance work runs on. What waits (unpacking, health checks, stopping) runs
 * on a virtual thread per task, so no instance holds up another or the command listener;
 * what comes later (restarts, health-check rounds) waits on one timer. A task of an
 * instance runs with the instance's ids in the MDC.
 */
final class InstanceTasks {

	private static final Logger log = LoggerFactory.getLogger(InstanceTasks.class);

	private final ExecutorService work = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("iotp-instance-", 0).factory());

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("iotp-instance-timer").daemon(true).factory());

	/**
	 * Runs a task of the instance on a thread of its own; dropped once the agent shuts
	 * down.
	 */
	void run(ManagedInstance instance, Runnable task) {
		try {
			this.work.execute(() -> withContext(instance, task));
		}
		catch (RejectedExecutionException ex) {
			log.debug("agent shutting down, instance {} task dropped", instance.id());
		}
	}

	/** Runs a task of the instance once {@code exit} completes. */
	void afterExit(ManagedInstance instance, CompletableFuture<?> exit, Runnable task) {
		exit.thenRunAsync(() -> withContext(instance, task), this.work);
	}

	/** Runs a task of the instance after {@code delay}. */
	ScheduledFuture<?> later(ManagedInstance instance, Duration delay, Runnable task) {
		return this.timer.schedule(() -> run(instance, task), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Runs {@code task} every {@code interval}, the first time after one interval. */
	void every(Duration interval, Runnable task) {
		long every = interval.toMillis();
		this.timer.scheduleWithFixedDelay(task, every, every, TimeUnit.MILLISECONDS);
	}

	/** Runs {@code task} on a thread of its own, for a caller that waits for it. */
	CompletableFuture<Void> runAsync(Runnable task) {
		return CompletableFuture.runAsync(task, this.work);
	}

	/** Nothing scheduled runs any more: no restart, no health-check round. */
	void stopTimer() {
		this.timer.shutdownNow();
	}

	/** Takes no more tasks, and waits up to {@code timeout} for those running to end. */
	void shutdown(Duration timeout) {
		this.work.shutdown();
		try {
			this.work.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void withContext(ManagedInstance instance, Runnable task) {
		instance.context.forEach(MDC::put);
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			log.error("instance {}: {}", instance.id(), ex.toString(), ex);
		}
		finally {
			MDC.clear();
		}
	}

}
