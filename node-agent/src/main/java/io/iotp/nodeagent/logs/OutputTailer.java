package io.iotp.nodeagent.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Follows one output file of an instance, line by line, from a byte offset. The instance
 * writes the file itself (its stdout or stderr is redirected to it), so its output
 * survives an agent restart and the next agent goes on from the offset the last one had
 * shipped.
 */
final class OutputTailer {

	/**
	 * Longer lines are cut into pieces of this many bytes, so one endless line cannot eat
	 * memory.
	 */
	static final int MAX_LINE_BYTES = 16 * 1024;

	private final Path file;

	private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

	private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

	private long position;

	OutputTailer(Path file, long offset) {
		this.file = file;
		this.position = Math.max(0, offset);
	}

	/**
	 * Hands every line appended since the last call to {@code lines}.
	 * @param flushPartial whether an unterminated last line is handed over too (the
	 * writer has exited)
	 */
	synchronized void poll(Consumer<String> lines, boolean flushPartial) {
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ)) {
			if (channel.size() < this.position) {
				// truncated (or replaced) behind our back: start over rather than wait
				// for it to grow back
				this.position = 0;
				this.partial.reset();
			}
			channel.position(this.position);
			int read;
			while ((read = channel.read(this.buffer.clear())) > 0) {
				this.position += read;
				this.buffer.flip();
				while (this.buffer.hasRemaining()) {
					byte b = this.buffer.get();
					if (b == '\n') {
						emit(lines);
					}
					else {
						this.partial.write(b);
						if (this.partial.size() >= MAX_LINE_BYTES) {
							emit(lines);
						}
					}
				}
			}
		}
		catch (NoSuchFileException ex) {
			// not written yet
		}
		catch (IOException ex) {
			// a failed read is retried at the next poll, from the same position
		}
		if (flushPartial && this.partial.size() > 0) {
			emit(lines);
		}
	}

	/**
	 * The offset up to which lines were handed over: where the next agent must go on
	 * from.
	 */
	synchronized long offset() {
		return this.position - this.partial.size();
	}

	private void emit(Consumer<String> lines) {
		String line = this.partial.toString(StandardCharsets.UTF_8);
		this.partial.reset();
		lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
	}

}
