package io.iotp.logger.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;

/**
 * The {@code logs} collection. Writes are unordered bulk inserts keyed by envelope id, so a redelivered
 * batch stores nothing twice; reads are newest-first pages after a (time, id) cursor, and chronological
 * streams for downloads.
 */
@Component
public class LogStore {

	static final String COLLECTION = "logs";

	private static final Logger log = LoggerFactory.getLogger(LogStore.class);

	private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

	private final MongoTemplate mongo;

	LogStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Creates the indexes once the application is up; a store that is not reachable yet is not fatal. */
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
		collection().createIndexes(List.of(
				new IndexModel(Indexes.descending(LogDocuments.TIME, LogDocuments.ID), background),
				new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.APP),
						Indexes.descending(LogDocuments.TIME, LogDocuments.ID)), background),
				new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.SOURCE),
						Indexes.descending(LogDocuments.TIME, LogDocuments.ID)), background),
				new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.DEPLOYMENT),
						Indexes.descending(LogDocuments.TIME, LogDocuments.ID)), background),
				new IndexModel(Indexes.compoundIndex(Indexes.ascending(LogDocuments.INSTANCE),
						Indexes.descending(LogDocuments.TIME, LogDocuments.ID)), background)));
	}

	/**
	 * Stores the records in one unordered bulk write.
	 * @return the records newly stored, in order; those stored before (a redelivery) are left out
	 * @throws com.mongodb.MongoException when anything but a duplicate failed, so the batch is retried
	 */
	public List<LogRecord> insert(List<LogRecord> records) {
		if (records.isEmpty()) {
			return records;
		}
		List<Document> documents = new ArrayList<>(records.size());
		for (LogRecord record : records) {
			documents.add(LogDocuments.toDocument(record));
		}
		try {
			collection().insertMany(documents, UNORDERED);
			return records;
		}
		catch (MongoBulkWriteException ex) {
			Set<Integer> duplicates = new HashSet<>();
			for (BulkWriteError error : ex.getWriteErrors()) {
				if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
				duplicates.add(error.getIndex());
			}
			if (ex.getWriteConcernError() != null) {
				throw ex;
			}
			List<LogRecord> stored = new ArrayList<>(records.size() - duplicates.size());
			for (int i = 0; i < records.size(); i++) {
				if (!duplicates.contains(i)) {
					stored.add(records.get(i));
				}
			}
			return stored;
		}
	}

	/** Up to {@code limit} matching records, newest first, strictly after {@code after} when given. */
	public List<LogRecord> page(LogFilter filter, @Nullable LogCursor after, int limit) {
		Bson criteria = LogDocuments.criteria(filter);
		if (after != null) {
			criteria = Filters.and(criteria, LogDocuments.olderThan(after));
		}
		List<LogRecord> page = new ArrayList<>(Math.min(limit, 1024));
		for (Document document : collection().find(criteria).sort(LogDocuments.NEWEST_FIRST).limit(limit)) {
			page.add(LogDocuments.toRecord(document));
		}
		return page;
	}

	/**
	 * Hands the newest {@code max} matching records to {@code sink} oldest first, reading them in batches
	 * as it goes (a download never holds them all).
	 */
	public void forEachChronologically(LogFilter filter, int max, Consumer<LogRecord> sink) {
		Bson criteria = LogDocuments.criteria(filter);
		Document oldestWanted = collection().find(criteria)
			.sort(LogDocuments.NEWEST_FIRST)
			.skip(max - 1)
			.limit(1)
			.first();
		if (oldestWanted != null) {
			criteria = Filters.and(criteria,
					LogDocuments.notOlderThan(LogDocuments.toRecord(oldestWanted).cursor()));
		}
		try (MongoCursor<Document> cursor = collection().find(criteria)
			.sort(LogDocuments.OLDEST_FIRST)
			.limit(max)
			.batchSize(1000)
			.iterator()) {
			while (cursor.hasNext()) {
				sink.accept(LogDocuments.toRecord(cursor.next()));
			}
		}
	}

	/** Deletes every record logged before {@code cutoff}; returns how many. */
	public long deleteOlderThan(Instant cutoff) {
		return collection().deleteMany(Filters.lt(LogDocuments.TIME, Date.from(cutoff))).getDeletedCount();
	}

	/** How many records are stored, as the collection's metadata says (cheap, for metrics and benchmarks). */
	public long estimatedCount() {
		return collection().estimatedDocumentCount();
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(COLLECTION);
	}

}
