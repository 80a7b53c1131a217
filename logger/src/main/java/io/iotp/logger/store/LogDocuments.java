package io.iotp.logger.store;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

/**
 * How log records look in MongoDB, and filters and cursors as MongoDB criteria. Plain documents rather
 * than mapped entities: the ingest path writes tens of thousands of them a second.
 */
final class LogDocuments {

	static final String ID = "_id";

	static final String TIME = "time";

	static final String KIND = "kind";

	static final String SOURCE = "source";

	static final String APP = "app";

	static final String SERVICE = "service";

	static final String DEPLOYMENT = "deployment";

	static final String INSTANCE = "instance";

	static final String NODE = "node";

	static final String LEVEL = "level";

	/** The level's rank, for "this level and above". */
	static final String SEVERITY = "severity";

	static final String LOGGER = "logger";

	static final String THREAD = "thread";

	static final String MESSAGE = "message";

	static final String STACK_TRACE = "stackTrace";

	static final String CORRELATION_ID = "correlationId";

	/** Newest first; the id breaks ties between lines of the same millisecond. */
	static final Bson NEWEST_FIRST = Sorts.descending(TIME, ID);

	static final Bson OLDEST_FIRST = Sorts.ascending(TIME, ID);

	private static final Pattern REGEX_SPECIALS = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

	private LogDocuments() {
	}

	static Document toDocument(LogRecord record) {
		Document document = new Document(ID, record.id()).append(TIME, Date.from(record.time()))
			.append(KIND, record.kind().name())
			.append(SOURCE, record.source())
			.append(LEVEL, record.level().name())
			.append(SEVERITY, record.level().rank())
			.append(MESSAGE, record.message());
		appendIfSet(document, APP, record.app());
		appendIfSet(document, SERVICE, record.service());
		appendIfSet(document, DEPLOYMENT, record.deployment());
		appendIfSet(document, INSTANCE, record.instance());
		appendIfSet(document, NODE, record.node());
		appendIfSet(document, LOGGER, record.logger());
		appendIfSet(document, THREAD, record.thread());
		appendIfSet(document, STACK_TRACE, record.stackTrace());
		appendIfSet(document, CORRELATION_ID, record.correlationId());
		return document;
	}

	static LogRecord toRecord(Document document) {
		return new LogRecord(document.getString(ID), document.getDate(TIME).toInstant(),
				LogKind.valueOf(document.getString(KIND)), document.getString(SOURCE), document.getString(APP),
				document.getString(SERVICE), document.getString(DEPLOYMENT), document.getString(INSTANCE),
				document.getString(NODE), LogLevel.lenient(document.getString(LEVEL)), document.getString(LOGGER),
				document.getString(THREAD), document.getString(MESSAGE), document.getString(STACK_TRACE),
				document.getString(CORRELATION_ID));
	}

	/** The filter as one criterion; an empty {@code $and} is not allowed, so no criteria is {@code {}}. */
	static Bson criteria(LogFilter filter) {
		List<Bson> all = new ArrayList<>();
		addEq(all, SOURCE, filter.source());
		addEq(all, APP, filter.app());
		addEq(all, DEPLOYMENT, filter.deployment());
		addEq(all, INSTANCE, filter.instance());
		if (filter.level() != null) {
			all.add(Filters.gte(SEVERITY, filter.level().rank()));
		}
		if (filter.text() != null) {
			Pattern contains = Pattern.compile(escape(filter.text()), Pattern.CASE_INSENSITIVE);
			all.add(Filters.or(Filters.regex(MESSAGE, contains), Filters.regex(STACK_TRACE, contains)));
		}
		if (filter.from() != null) {
			all.add(Filters.gte(TIME, Date.from(filter.from())));
		}
		if (filter.to() != null) {
			all.add(Filters.lt(TIME, Date.from(filter.to())));
		}
		Bson visible = filter.visibility().criteria();
		if (visible != null) {
			all.add(visible);
		}
		return all.isEmpty() ? new Document() : Filters.and(all);
	}

	/** Strictly after the cursor in newest-first order. */
	static Bson olderThan(LogCursor cursor) {
		Date time = Date.from(cursor.time());
		return Filters.or(Filters.lt(TIME, time), Filters.and(Filters.eq(TIME, time), Filters.lt(ID, cursor.id())));
	}

	/** At or after the cursor in oldest-first order. */
	static Bson notOlderThan(LogCursor cursor) {
		Date time = Date.from(cursor.time());
		return Filters.or(Filters.gt(TIME, time), Filters.and(Filters.eq(TIME, time), Filters.gte(ID, cursor.id())));
	}

	/** A user's text as a literal pattern: every regex metacharacter escaped. */
	static String escape(String text) {
		return REGEX_SPECIALS.matcher(text).replaceAll("\\\\$0");
	}

	private static void addEq(List<Bson> criteria, String field, @Nullable String value) {
		if (value != null) {
			criteria.add(Filters.eq(field, value));
		}
	}

	private static void appendIfSet(Document document, String field, @Nullable String value) {
		if (value != null) {
			document.append(field, value);
		}
	}

}
