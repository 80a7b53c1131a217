package io.iotp.logger.store;

import java.util.Set;

import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import com.mongodb.client.model.Filters;

/**
 * Which entries a caller may read, both as a database criterion (queries, downloads) and
 * as a test of one record (the live tail). Admins read everything; a developer only the
 * lines of apps they own, never platform lines.
 */
public interface Visibility {

	/** The criterion restricting a query, or {@code null} when nothing is restricted. */
	@Nullable Bson criteria();

	/** Whether the caller may read this record. */
	boolean admits(LogRecord record);

	/** No restriction (admins). */
	static Visibility everything() {
		return Everything.INSTANCE;
	}

	/** App lines of these apps only. */
	static Visibility appLinesOf(Set<String> apps) {
		Set<String> copy = Set.copyOf(apps);
		return new Visibility() {

			@Override
			public Bson criteria() {
				return Filters.and(Filters.eq(LogDocuments.KIND, LogKind.APP.name()),
						Filters.in(LogDocuments.APP, copy));
			}

			@Override
			public boolean admits(LogRecord record) {
				return record.kind() == LogKind.APP && record.app() != null && copy.contains(record.app());
			}

		};
	}

	/** The admin's view. */
	enum Everything implements Visibility {

		INSTANCE;

		@Override
		public @Nullable Bson criteria() {
			return null;
		}

		@Override
		public boolean admits(LogRecord record) {
			return true;
		}

	}

}
