package io.iotp.nodeagent.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.iotp.contracts.instance.InstanceState;
import io.iotp.nodeagent.artifact.ArtifactException;
import io.iotp.nodeagent.artifact.ArtifactUnpacker;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.logs.InstanceOutput;

/**
 * Brings an instance to life: its service folder unpacked and its command line worked
 * out, then each run started by the runtime on a port of its own and watched until it
 * exits, which {@link CrashRestarts} takes from there.
 */
final class InstanceRuns {

	private final ArtifactUnpacker unpacker;

	private final PortAllocator ports;

	private final AppLogs appLogs;

	private final InstanceTransitions transitions;

	private final InstanceTasks tasks;

	private final CrashRestarts restarts;

	InstanceRuns(ArtifactUnpacker unpacker, PortAllocator ports, AppLogs appLogs, InstanceTransitions transitions,
			InstanceTasks tasks, CrashRestarts restarts) {
		this.unpacker = unpacker;
		this.ports = ports;
		this.appLogs = appLogs;
		this.transitions = transitions;
		this.tasks = tasks;
		this.restarts = restarts;
	}

	/**
	 * Unpacks the instance and starts its first run; waits for the package, so runs on a
	 * task of its own.
	 */
	void prepareAndLaunch(ManagedInstance instance) {
		synchronized (instance) {
			if (instance.stopping) {
				return;
			}
			this.transitions.report(instance, InstanceState.PENDING, null, null);
		}
		List<String> commandLine;
		try {
			PathCleaner.delete(instance.dir);
			this.unpacker.unpack(instance.spec.artifactKey(), instance.spec.artifactSha256(), instance.spec.service(),
					instance.dir);
			// its files are its own: no other instance reads them, whatever its runtime
			Files.setPosixFilePermissions(instance.dir, PosixFilePermissions.fromString("rwx------"));
			commandLine = instance.runtime.commandLine(instance.spec, instance.dir);
			instance.runtime.prepare(instance);
		}
		catch (ArtifactException | IllegalArgumentException ex) {
			this.transitions.fail(instance, ex.getMessage());
			return;
		}
		catch (IOException | RuntimeException ex) {
			this.transitions.fail(instance, "could not prepare the instance: " + ex);
			return;
		}
		synchronized (instance) {
			if (instance.stopping || instance.detached) {
				PathCleaner.deleteQuietly(instance.dir);
				return;
			}
			instance.commandLine = commandLine;
			instance.output = this.appLogs.open(instance.logDir, instance.context, InstanceOutput.Offsets.START,
					instance.probedPath());
			launch(instance);
		}
	}

	/** Watches run {@code generation} of the instance until it exits. */
	void watch(ManagedInstance instance, InstanceRuntime.Run run, long generation) {
		this.tasks.afterExit(instance, run.exit(), () -> this.restarts.exited(instance, generation, this::launch));
	}

	/** Starts a new run of the instance. Caller holds the instance's lock. */
	private void launch(ManagedInstance instance) {
		InstanceOutput output = instance.output;
		if (instance.stopping || instance.detached || output == null) {
			return;
		}
		int port;
		try {
			port = this.ports.allocate();
		}
		catch (IllegalStateException ex) {
			this.transitions.fail(instance, ex.getMessage());
			return;
		}
		InstanceRuntime.Run run;
		try {
			run = instance.runtime.start(instance, port, output);
		}
		catch (IOException ex) {
			this.ports.release(port);
			this.transitions.fail(instance,
					"could not start " + String.join(" ", instance.commandLine) + ": " + ex.getMessage());
			return;
		}
		long generation = instance.attach(run, port);
		this.transitions.report(instance, InstanceState.STARTING, null,
				(instance.restarts > 0) ? "restart " + instance.restarts : null);
		watch(instance, run, generation);
	}

}
