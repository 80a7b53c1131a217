package io.iotp.nodeagent.logs;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Both output streams of one instance, as files it writes itself: every new line goes to
 * a sink (the {@code app-logs} topic), and the last few are kept to explain a failure.
 */
public final class InstanceOutput {

	/** File of the instance's stdout inside its log folder. */
	public static final String STDOUT_FILE = "stdout.log";

	/** File of the instance's stderr inside its log folder. */
	public static final String STDERR_FILE = "stderr.log";

	private final Path stdoutFile;

	private final Path stderrFile;

	private final OutputTailer stdout;

	private final OutputTailer stderr;

	private final LineSink sink;

	private final int keep;

	private final Deque<String> lastLines = new ArrayDeque<>();

	InstanceOutput(Path logDir, Offsets offsets, int keep, LineSink sink) {
		this.stdoutFile = logDir.resolve(STDOUT_FILE);
		this.stderrFile = logDir.resolve(STDERR_FILE);
		this.stdout = new OutputTailer(this.stdoutFile, offsets.stdout());
		this.stderr = new OutputTailer(this.stderrFile, offsets.stderr());
		this.keep = keep;
		this.sink = sink;
	}

	public Path stdoutFile() {
		return this.stdoutFile;
	}

	public Path stderrFile() {
		return this.stderrFile;
	}

	/** Ships what was written since the last call. */
	void poll() {
		read(false);
	}

	/**
	 * Ships everything written so far, an unterminated last line included: the writer has
	 * exited.
	 */
	public void drain() {
		read(true);
	}

	/**
	 * The last lines written, oldest first, both streams mixed in the order they were
	 * read.
	 */
	public synchronized List<String> lastLines() {
		return List.copyOf(this.lastLines);
	}

	/** How far each file was shipped. */
	public Offsets offsets() {
		return new Offsets(this.stdout.offset(), this.stderr.offset());
	}

	private void read(boolean flushPartial) {
		this.stdout.poll((line) -> accept(Stream.STDOUT, line), flushPartial);
		this.stderr.poll((line) -> accept(Stream.STDERR, line), flushPartial);
	}

	private void accept(Stream stream, String line) {
		synchronized (this) {
			this.lastLines.addLast(line);
			while (this.lastLines.size() > this.keep) {
				this.lastLines.removeFirst();
			}
		}
		this.sink.line(stream, line);
	}

	/** Which output a line came from. */
	public enum Stream {

		STDOUT("stdout", "INFO"), STDERR("stderr", "WARN");

		private final String logger;

		private final String level;

		Stream(String logger, String level) {
			this.logger = logger;
			this.level = level;
		}

		/** The logger name of its log entries. */
		public String logger() {
			return this.logger;
		}

		/**
		 * The level of its log entries: output on stderr is not necessarily an error, but
		 * worth a look.
		 */
		public String level() {
			return this.level;
		}

	}

	/** Where the lines go. */
	@FunctionalInterface
	interface LineSink {

		void line(Stream stream, String line);

	}

	/**
	 * Byte offsets up to which an instance's output files were shipped.
	 *
	 * @param stdout offset in {@value #STDOUT_FILE}
	 * @param stderr offset in {@value #STDERR_FILE}
	 */
	public record Offsets(long stdout, long stderr) {

		public static final Offsets START = new Offsets(0, 0);

	}

}
