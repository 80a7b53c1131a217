package io.iotp.logger.access;

import org.springframework.stereotype.Component;

import io.iotp.logger.store.LogKind;
import io.iotp.logger.store.LogRecord;
import io.iotp.logger.store.Visibility;
import io.iotp.starter.security.Caller;

/**
 * What a caller may read: an admin everything; anyone else only the app lines of the apps
 * they own (never platform lines, even those about their app). A developer asking for
 * another's app gets what they would get for an app that does not exist: nothing.
 */
@Component
public class LogAccess {

	private final AppOwners owners;

	LogAccess(AppOwners owners) {
		this.owners = owners;
	}

	/** For a query or download: the owned apps as the store has them now. */
	public Visibility forQuery(Caller caller) {
		return caller.isAdmin() ? Visibility.everything()
				: Visibility.appLinesOf(this.owners.appsOf(caller.username()));
	}

	/**
	 * For a live tail: ownership looked up per entry, so an app deployed meanwhile shows
	 * up too.
	 */
	public Visibility forTail(Caller caller) {
		if (caller.isAdmin()) {
			return Visibility.everything();
		}
		Visibility atStart = forQuery(caller);
		return new Visibility() {

			@Override
			public org.bson.conversions.Bson criteria() {
				return atStart.criteria();
			}

			@Override
			public boolean admits(LogRecord record) {
				return record.kind() == LogKind.APP && LogAccess.this.owners.cachedOwnerOf(record.app())
					.map(caller.username()::equals)
					.orElseGet(() -> atStart.admits(record));
			}

		};
	}

}
