package io.iotp.nodeagent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceOutputTest {

	@TempDir
	Path dir;

	private final List<String> shipped = new ArrayList<>();

	@Test
	void shipsCompleteLinesOfBothStreamsAndKeepsTheLastOnes() throws IOException {
		InstanceOutput output = open(InstanceOutput.Offsets.START, 3);
		append(InstanceOutput.STDOUT_FILE, "one\ntwo\r\nthr");
		append(InstanceOutput.STDERR_FILE, "oops\n");

		output.poll();

		assertThat(this.shipped).containsExactly("stdout:one", "stdout:two", "stderr:oops");
		append(InstanceOutput.STDOUT_FILE, "ee\nfour\n");
		output.poll();
		assertThat(this.shipped).endsWith("stdout:three", "stdout:four");
		assertThat(output.lastLines()).containsExactly("oops", "three", "four");
	}

	@Test
	void anUnterminatedLastLineIsShippedWhenTheWriterHasExited() throws IOException {
		InstanceOutput output = open(InstanceOutput.Offsets.START, 5);
		append(InstanceOutput.STDOUT_FILE, "no newline");

		output.poll();
		assertThat(this.shipped).isEmpty();
		assertThat(output.offsets().stdout()).isZero();

		output.drain();
		assertThat(this.shipped).containsExactly("stdout:no newline");
		assertThat(output.offsets().stdout()).isEqualTo(10);
	}

	@Test
	void aNextAgentGoesOnFromTheOffsetShipped() throws IOException {
		append(InstanceOutput.STDOUT_FILE, "old\nnew\n");

		InstanceOutput output = open(new InstanceOutput.Offsets(4, 0), 5);
		output.poll();

		assertThat(this.shipped).containsExactly("stdout:new");
	}

	@Test
	void aTruncatedFileIsReadFromItsStart() throws IOException {
		InstanceOutput output = open(new InstanceOutput.Offsets(1000, 0), 5);
		append(InstanceOutput.STDOUT_FILE, "fresh\n");

		output.poll();

		assertThat(this.shipped).containsExactly("stdout:fresh");
	}

	@Test
	void endlessLinesAreCutIntoPieces() throws IOException {
		InstanceOutput output = open(InstanceOutput.Offsets.START, 5);
		append(InstanceOutput.STDOUT_FILE, "x".repeat(OutputTailer.MAX_LINE_BYTES + 10) + "\n");

		output.poll();

		assertThat(this.shipped).hasSize(2);
		assertThat(this.shipped.getFirst()).hasSize("stdout:".length() + OutputTailer.MAX_LINE_BYTES);
	}

	private InstanceOutput open(InstanceOutput.Offsets offsets, int keep) {
		return new InstanceOutput(this.dir, offsets, keep,
				(stream, line) -> this.shipped.add(stream.logger() + ":" + line));
	}

	private void append(String file, String text) throws IOException {
		Files.writeString(this.dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

}
