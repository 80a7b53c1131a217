package io.iotp.logger.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;

import io.iotp.logger.store.LogDocuments.Chunk;
import io.iotp.starter.chunks.ChunkInserts;

/**
 * The {@code log_chunks} collection (see {@link LogDocuments} for why chunks). Writes are
 * one unordered bulk insert per ingest batch. A line is identified by the id of the
 * envelope it travelled in: a batch delivered again is refused as a duplicate chunk, and
 * should a line be stored twice in different chunks, reads return it once (pages are sets
 * ordered by (time, id), and cursors go strictly past a line). Reads select chunks newest
 * first and stop as soon as no further chunk can hold a line newer than the page's last.
 */
@Component
public class LogStore {

	static final String COLLECTION = "log_chunks";

	/** Chunks read at a time while paging. */
	private static final int FETCH_CHUNKS = 4;

	/** Lines per page a download reads at a time, so it never holds more. */
	private static final int DOWNLOAD_PAGE = 1000;

	private static final Logger log = LoggerFactory.getLogger(LogStore.class);

	private final MongoTemplate mongo;

	LogStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Creates the indexes once the application is up; a store that is not reachable yet
	 * is not fatal.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void indexesAtStart() {
		try {
			ensureIndexes();
		}
		catch (RuntimeException ex) {
			log.warn("could not create the indexes of '{}' (queries stay correct, only slower): {}", COLLECTION,
					ex.toString());
		}
	}

	/** The indexes of the query shapes: by time, and by each exact filter then time. */
	public void ensureIndexes() {
		IndexOptions background = new IndexOptions().background(true);
		collection().createIndexes(
				List.of(new IndexModel(Indexes.descending(LogDocuments.MAX_TIME, LogDocuments.ID), background),
						new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.APP),
								Indexes.descending(LogDocuments.MAX_TIME)), background),
						new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.SOURCES),
								Indexes.descending(LogDocuments.MAX_TIME)), background),
						new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.DEPLOYMENTS),
								Indexes.descending(LogDocuments.MAX_TIME)), background),
						new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.INSTANCES),
								Indexes.descending(LogDocuments.MAX_TIME)), background)));
	}

	/**
	 * Stores the lines of one batch in one unordered bulk write.
	 * @return the lines newly stored, in order; those of a chunk stored before (a
	 * redelivery) are left out
	 * @throws com.mongodb.MongoException when anything but a duplicate failed, so the
	 * batch is retried
	 */
	public List<LogRecord> insert(List<LogRecord> lines) {
		if (lines.isEmpty()) {
			return lines;
		}
		List<Chunk> chunks = LogDocuments.chunks(lines);
		List<Document> documents = new ArrayList<>(chunks.size());
		chunks.forEach((chunk) -> documents.add(chunk.document()));
		Set<Integer> duplicates = ChunkInserts.insertNew(collection(), documents);
		if (duplicates.isEmpty()) {
			return lines;
		}
		List<LogRecord> fresh = new ArrayList<>(lines.size());
		for (int i = 0; i < chunks.size(); i++) {
			if (!duplicates.contains(i)) {
				fresh.addAll(chunks.get(i).lines());
			}
		}
		return fresh;
	}

	/**
	 * Up to {@code limit} matching lines, newest first, strictly after {@code after} when
	 * given.
	 */
	public List<LogRecord> page(LogFilter filter, @Nullable LogCursor after, int limit) {
		TreeSet<LogRecord> page = new TreeSet<>(LogDocuments.NEWEST_LINE_FIRST);
		List<ChunkRef> candidates = candidates(filter, after);
		for (int start = 0; start < candidates.size(); start += FETCH_CHUNKS) {
			List<ChunkRef> group = candidates.subList(start, Math.min(start + FETCH_CHUNKS, candidates.size()));
			if (page.size() >= limit && group.get(0).maxTime().isBefore(page.last().time())) {
				// chunks come newest first: none from here on holds a line newer than the
				// page's last
				break;
			}
			for (Document chunk : fetch(group)) {
				for (LogRecord line : LogDocuments.lines(chunk)) {
					if ((after == null || LogDocuments.olderThan(line, after)) && filter.matches(line)) {
						page.add(line);
						if (page.size() > limit) {
							page.pollLast();
						}
					}
				}
			}
		}
		return new ArrayList<>(page);
	}

	/**
	 * Hands the newest {@code max} matching lines to {@code sink}, newest first, a page
	 * at a time (a download never holds them all).
	 */
	public void forEachNewest(LogFilter filter, int max, Consumer<LogRecord> sink) {
		LogCursor after = null;
		int left = max;
		while (left > 0) {
			int wanted = Math.min(DOWNLOAD_PAGE, left);
			List<LogRecord> page = page(filter, after, wanted);
			page.forEach(sink);
			left -= page.size();
			if (page.size() < wanted) {
				return;
			}
			after = page.get(page.size() - 1).cursor();
		}
	}

	/**
	 * The chunks that may hold matching lines, newest first, without their lines: sorting
	 * only these keeps the store from holding every candidate chunk at once.
	 */
	private List<ChunkRef> candidates(LogFilter filter, @Nullable LogCursor after) {
		List<ChunkRef> candidates = new ArrayList<>();
		for (Document chunk : collection().find(LogDocuments.criteria(filter, after))
			.projection(Projections.include(LogDocuments.MAX_TIME))) {
			candidates
				.add(new ChunkRef(chunk.getString(LogDocuments.ID), chunk.getDate(LogDocuments.MAX_TIME).toInstant()));
		}
		candidates.sort(Comparator.comparing(ChunkRef::maxTime).thenComparing(ChunkRef::id).reversed());
		return candidates;
	}

	/** The chunks in the order asked for. */
	private List<Document> fetch(List<ChunkRef> group) {
		Map<String, Document> byId = new HashMap<>();
		for (Document chunk : collection()
			.find(Filters.in(LogDocuments.ID, group.stream().map(ChunkRef::id).toList()))) {
			byId.put(chunk.getString(LogDocuments.ID), chunk);
		}
		List<Document> ordered = new ArrayList<>(group.size());
		for (ChunkRef ref : group) {
			Document chunk = byId.get(ref.id());
			if (chunk != null) {
				ordered.add(chunk);
			}
		}
		return ordered;
	}

	/**
	 * Deletes the chunks whose lines were all logged before {@code cutoff} (a chunk spans
	 * at most {@link LogDocuments#SPAN}); returns how many lines went.
	 */
	public long deleteOlderThan(Instant cutoff) {
		Bson old = Filters.lt(LogDocuments.MAX_TIME, Date.from(cutoff));
		long lines = countLines(old);
		collection().deleteMany(old);
		return lines;
	}

	/** How many lines are stored (duplicates included), from the chunks' counts. */
	public long countLines() {
		return countLines(new Document());
	}

	private long countLines(Bson criteria) {
		long lines = 0;
		for (Document chunk : collection().find(criteria).projection(Projections.include(LogDocuments.COUNT))) {
			lines += chunk.getInteger(LogDocuments.COUNT, 0);
		}
		return lines;
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION);
	}

	/**
	 * A candidate chunk.
	 *
	 * @param id its id
	 * @param maxTime its newest line's time
	 */
	private record ChunkRef(String id, Instant maxTime) {
	}

}
