package io.iotp.logger.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The lines of a chunk as one binary field: per line its fields in a fixed order, strings
 * as length and UTF-8 bytes (-1 for absent), time as epoch millis. The store then handles
 * one value per chunk instead of a dozen per line, which is what makes bulk ingestion
 * cheap on the embedded store.
 */
final class LineCodec {

	/**
	 * Format of the encoding, first byte of every chunk, so a later format can still read
	 * this one.
	 */
	private static final byte VERSION = 1;

	private static final LogKind[] KINDS = LogKind.values();

	private static final LogLevel[] LEVELS = LogLevel.values();

	private LineCodec() {
	}

	static byte[] encode(List<LogRecord> lines) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines.size() * 256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeInt(lines.size());
			for (LogRecord line : lines) {
				write(out, line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static List<LogRecord> decode(byte[] encoded) {
		try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
			byte version = in.readByte();
			if (version != VERSION) {
				throw new IllegalStateException("unknown log chunk format " + version);
			}
			int count = in.readInt();
			List<LogRecord> lines = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				lines.add(read(in));
			}
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(DataOutputStream out, LogRecord line) throws IOException {
		writeString(out, line.id());
		out.writeLong(line.time().toEpochMilli());
		out.writeByte(line.kind().ordinal());
		writeString(out, line.source());
		writeString(out, line.app());
		writeString(out, line.service());
		writeString(out, line.deployment());
		writeString(out, line.instance());
		writeString(out, line.node());
		out.writeByte(line.level().ordinal());
		writeString(out, line.logger());
		writeString(out, line.thread());
		writeString(out, line.message());
		writeString(out, line.stackTrace());
		writeString(out, line.correlationId());
	}

	@SuppressWarnings("NullAway")
	private static LogRecord read(DataInputStream in) throws IOException {
		String id = readString(in);
		Instant time = Instant.ofEpochMilli(in.readLong());
		LogKind kind = KINDS[in.readByte()];
		String source = readString(in);
		String app = readString(in);
		String service = readString(in);
		String deployment = readString(in);
		String instance = readString(in);
		String node = readString(in);
		LogLevel level = LEVELS[in.readByte()];
		String logger = readString(in);
		String thread = readString(in);
		String message = readString(in);
		String stackTrace = readString(in);
		String correlationId = readString(in);
		return new LogRecord(id, time, kind, source, app, service, deployment, instance, node, level, logger, thread,
				(message != null) ? message : "", stackTrace, correlationId);
	}

	private static void writeString(DataOutputStream out, @Nullable String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	private static @Nullable String readString(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			return null;
		}
		byte[] utf8 = new byte[length];
		in.readFully(utf8);
		return new String(utf8, StandardCharsets.UTF_8);
	}

}
