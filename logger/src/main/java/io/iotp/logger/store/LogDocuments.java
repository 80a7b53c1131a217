package io.iotp.logger.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.iotp.starter.chunks.ChunkCutter;
import io.iotp.starter.chunks.ChunkLimits;
import io.iotp.starter.chunks.PackedField;

/**
 * How log lines look in MongoDB: in chunks. One document holds the lines of one kind and
 * app logged within one {@link #SPAN}, up to the starter's {@link ChunkLimits#STANDARD}
 * (1,000 lines, 4 MiB), encoded in one binary field ({@link LineCodec}), with what
 * queries select by beside it (app, the sources, deployments and instances it holds, its
 * time range, its worst level). A database selects chunks by those; the lines inside are
 * matched exactly by {@link LogFilter}. One document per line would cost the embedded
 * store an index update and a serialization per line; a chunk costs one per thousand
 * lines.
 */
final class LogDocuments {

	static final String ID = "_id";

	static final String KIND = "kind";

	static final String APP = "app";

	static final String SOURCES = "sources";

	static final String DEPLOYMENTS = "deployments";

	static final String INSTANCES = "instances";

	static final String MIN_TIME = "minTime";

	static final String MAX_TIME = "maxTime";

	/** Rank of the most severe level in the chunk, for "this level and above". */
	static final String MAX_SEVERITY = "maxSeverity";

	static final String COUNT = "count";

	static final String LINES = "lines";

	private static final ChunkLimits LIMITS = ChunkLimits.STANDARD;

	/**
	 * The time one chunk spans at most, which is also how late retention deletes a line
	 * at most.
	 */
	static final Duration SPAN = LIMITS.span();

	/** Newest chunks first. */
	static final Bson NEWEST_FIRST = Sorts.descending(MAX_TIME, ID);

	/** Newest lines first; the id breaks ties between lines of the same millisecond. */
	static final Comparator<LogRecord> NEWEST_LINE_FIRST = Comparator.comparing(LogRecord::time)
		.thenComparing(LogRecord::id)
		.reversed();

	private static final ChunkCutter<LogRecord> CUTTER = ChunkCutter.of(LIMITS, ChunkKey::of,
			LogDocuments::approximateSize);

	private LogDocuments() {
	}

	/**
	 * The lines of one ingest batch as chunk documents: grouped by kind, app and time
	 * span, in order.
	 */
	static List<Chunk> chunks(List<LogRecord> lines) {
		return CUTTER.cut(lines, Chunk::of);
	}

	static List<LogRecord> lines(Document chunk) {
		byte[] encoded = PackedField.bytes(chunk, LINES);
		if (encoded == null) {
			throw new IllegalStateException("log chunk " + chunk.get(ID) + " has no " + LINES);
		}
		return LineCodec.decode(encoded);
	}

	/**
	 * What a chunk must have for a line in it to match the filter (the lines are matched
	 * exactly after), and, with a cursor, to hold a line older than it.
	 */
	static Bson criteria(LogFilter filter, @Nullable LogCursor olderThan) {
		List<Bson> all = new ArrayList<>();
		addEq(all, SOURCES, filter.source());
		addEq(all, APP, filter.app());
		addEq(all, DEPLOYMENTS, filter.deployment());
		addEq(all, INSTANCES, filter.instance());
		if (filter.level() != null) {
			all.add(Filters.gte(MAX_SEVERITY, filter.level().rank()));
		}
		if (filter.from() != null) {
			all.add(Filters.gte(MAX_TIME, Date.from(filter.from())));
		}
		if (filter.to() != null) {
			all.add(Filters.lt(MIN_TIME, Date.from(filter.to())));
		}
		if (olderThan != null) {
			all.add(Filters.lte(MIN_TIME, Date.from(olderThan.time())));
		}
		Bson visible = filter.visibility().criteria();
		if (visible != null) {
			all.add(visible);
		}
		return all.isEmpty() ? new Document() : Filters.and(all);
	}

	/** Whether the line comes strictly after the cursor in newest-first order. */
	static boolean olderThan(LogRecord line, LogCursor cursor) {
		int byTime = line.time().compareTo(cursor.time());
		return byTime < 0 || (byTime == 0 && line.id().compareTo(cursor.id()) < 0);
	}

	private static long approximateSize(LogRecord line) {
		return 128 + line.message().length() * 3L + ((line.stackTrace() != null) ? line.stackTrace().length() * 3L : 0);
	}

	private static void addEq(List<Bson> criteria, String field, @Nullable String value) {
		if (value != null) {
			criteria.add(Filters.eq(field, value));
		}
	}

	/**
	 * One chunk document and the lines in it.
	 *
	 * @param document what is stored
	 * @param lines the lines it holds
	 */
	record Chunk(Document document, List<LogRecord> lines) {

		static Chunk of(List<LogRecord> lines) {
			LogRecord first = lines.get(0);
			LogRecord last = lines.get(lines.size() - 1);
			Set<String> sources = new LinkedHashSet<>();
			Set<String> deployments = new LinkedHashSet<>();
			Set<String> instances = new LinkedHashSet<>();
			long min = Long.MAX_VALUE;
			long max = Long.MIN_VALUE;
			int severity = 0;
			for (LogRecord line : lines) {
				sources.add(line.source());
				addIfSet(deployments, line.deployment());
				addIfSet(instances, line.instance());
				min = Math.min(min, line.time().toEpochMilli());
				max = Math.max(max, line.time().toEpochMilli());
				severity = Math.max(severity, line.level().rank());
			}
			// the same batch delivered again makes the same id: it is refused as a
			// duplicate
			Document document = new Document(ID, first.id() + "~" + last.id() + "~" + lines.size())
				.append(KIND, first.kind().name())
				.append(APP, first.app())
				.append(SOURCES, List.copyOf(sources))
				.append(DEPLOYMENTS, List.copyOf(deployments))
				.append(INSTANCES, List.copyOf(instances))
				.append(MIN_TIME, new Date(min))
				.append(MAX_TIME, new Date(max))
				.append(MAX_SEVERITY, severity)
				.append(COUNT, lines.size())
				.append(LINES, new Binary(LineCodec.encode(lines)));
			return new Chunk(document, List.copyOf(lines));
		}

		private static void addIfSet(Set<String> values, @Nullable String value) {
			if (value != null) {
				values.add(value);
			}
		}

	}

	/**
	 * Lines share a chunk when they have the same kind and app and fall into the same
	 * span.
	 */
	private record ChunkKey(LogKind kind, @Nullable String app, long span) {

		static ChunkKey of(LogRecord line) {
			return new ChunkKey(line.kind(), line.app(), LIMITS.spanOf(line.time()));
		}

	}

}
