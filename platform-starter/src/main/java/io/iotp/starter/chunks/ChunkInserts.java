package io.iotp.starter.chunks;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Inserts the chunks of one batch idempotently. A chunk's id is made of what it holds, so
 * a duplicate id means that chunk was stored before (a batch delivered again, a retried
 * write): it is skipped, while every other chunk of the batch is still stored (the insert
 * is unordered).
 */
public final class ChunkInserts {

	private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

	private ChunkInserts() {
	}

	/**
	 * Inserts the chunks in one unordered bulk write.
	 * @return the positions in {@code chunks} of those refused as duplicates, stored
	 * before
	 * @throws MongoBulkWriteException when anything but a duplicate failed (nothing of
	 * the batch is lost by writing it again)
	 */
	public static Set<Integer> insertNew(MongoCollection<Document> collection, List<Document> chunks) {
		if (chunks.isEmpty()) {
			return Set.of();
		}
		try {
			collection.insertMany(chunks, UNORDERED);
			return Set.of();
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
			return duplicates;
		}
	}

}
