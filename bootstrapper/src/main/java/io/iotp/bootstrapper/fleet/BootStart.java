package io.iotp.bootstrapper.fleet;

import java.util.Map;

/**
 * A node that starts its share of the platform by itself when its machine starts again: a
 * script in {@code ~/iotp} runs the node's bootstrapper as {@code up --nodes} does there
 * (with the PATH and JAVA_HOME that login had), from an {@code @reboot} entry in the
 * login's crontab, the one start hook a login without root has on most machines.
 * {@code down --nodes} takes the entry away again, so a stopped platform stays stopped.
 */
final class BootStart {

	static final String SCRIPT = "start-at-boot.sh";

	/** Marks the crontab line as the platform's, so it is replaced, never doubled. */
	static final String MARK = "# iotp-node-platform";

	private static final String STEP = "start at boot";

	private BootStart() {
	}

	/**
	 * Writes the script and the crontab entry.
	 * @param upCommand the shell command that starts the node's components
	 * @return how the node will start again, for the progress line
	 */
	static String install(NodeShell shell, String upCommand) {
		NodeShell.Result login = shell.run("printf '%s\\n%s\\n' \"$PATH\" \"${JAVA_HOME:-}\"", STEP);
		String[] environment = login.stdout().split("\n", -1);
		StringBuilder script = new StringBuilder();
		script.append("#!/bin/sh\n");
		script.append("# Written by iotp up --nodes: starts this node's share of the platform when the machine\n");
		script.append("# starts (the @reboot entry of this login's crontab runs it); iotp down --nodes removes it.\n");
		script.append("export PATH=").append(quoted(environment[0])).append('\n');
		if (environment.length > 1 && !environment[1].isBlank()) {
			script.append("export JAVA_HOME=").append(quoted(environment[1])).append('\n');
		}
		script.append("mkdir -p \"$HOME/" + NodeFiles.HOME_DIR + "/data/logs\"\n");
		script.append("exec >>\"$HOME/" + NodeFiles.HOME_DIR + "/data/logs/start-at-boot.log\" 2>&1\n");
		script.append("echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) the machine started: starting this node's platform\"\n");
		script.append(upCommand).append('\n');
		NodeFiles.write(shell, Map.of(SCRIPT, script.toString()), STEP);
		NodeShell.Result cron = shell.run("command -v crontab >/dev/null 2>&1 || exit 127; "
				+ "{ crontab -l 2>/dev/null | grep -vF '" + MARK + "'; echo '@reboot sh \"$HOME/" + NodeFiles.HOME_DIR
				+ "/" + SCRIPT + "\" " + MARK + "'; } | crontab -", STEP);
		String fallback = "have its init system run ~/" + NodeFiles.HOME_DIR + "/" + SCRIPT
				+ " at boot, or run iotp up --nodes again after it restarts";
		if (cron.exitCode() == 127) {
			return "starts again at boot: no, the node has no crontab; " + fallback;
		}
		if (cron.exitCode() != 0) {
			return "starts again at boot: no, its crontab refused the entry (" + cron.stderr().strip() + "); "
					+ fallback;
		}
		return "starts again at boot: yes (@reboot in " + shell.node().user() + "'s crontab runs ~/"
				+ NodeFiles.HOME_DIR + "/" + SCRIPT + ")";
	}

	/** Takes the crontab entry and the script away; nothing when there are none. */
	static void remove(NodeShell shell) {
		NodeShell.Result removed = shell
			.run("if command -v crontab >/dev/null 2>&1 && crontab -l 2>/dev/null | grep -qF '" + MARK
					+ "'; then crontab -l | grep -vF '" + MARK + "' | crontab -; fi; rm -f \"$HOME/"
					+ NodeFiles.HOME_DIR + "/" + SCRIPT + "\"", STEP);
		if (removed.exitCode() != 0) {
			throw new NodeStepException(shell.node(), STEP,
					"cannot take the platform's @reboot entry out of the crontab: " + removed.stderr().strip(),
					"Remove the line ending in '" + MARK + "' with crontab -e there, or the node starts its "
							+ "platform again when it boots");
		}
	}

	/** A shell word holding the value as it is. */
	static String quoted(String value) {
		return "'" + value.replace("'", "'\\''") + "'";
	}

}
