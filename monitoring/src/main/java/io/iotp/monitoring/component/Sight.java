package io.iotp.monitoring.component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

/**
 * Whether this replica hears the platform, judged by its own heartbeat coming back
 * through Kafka. While a broker is lost every partition it replicates stops taking writes
 * until the controller fences it (seconds; longer when it was the controller): then every
 * component falls silent at once, and silence says nothing about them. When this
 * replica's own heartbeat has not come back for {@code blind-after}, it is blind and
 * judges nothing by silence; once it hears again, the blind spell does not count as
 * anyone's silence.
 */
final class Sight {

	/** Enough to cover the longest silence any detector setting would judge. */
	private static final int KEPT_SPELLS = 64;

	private final Duration blindAfter;

	private final Deque<Spell> spells = new ArrayDeque<>();

	private @Nullable Instant lastEcho;

	Sight(Duration blindAfter) {
		this.blindAfter = blindAfter;
	}

	/** This replica's own heartbeat arrived. */
	synchronized void echo(Instant at) {
		if (this.lastEcho != null && blind(this.lastEcho, at)) {
			this.spells.addLast(new Spell(this.lastEcho, at));
			if (this.spells.size() > KEPT_SPELLS) {
				this.spells.removeFirst();
			}
		}
		this.lastEcho = at;
	}

	/**
	 * Whether this replica cannot hear now; before its first echo it cannot tell, and is
	 * taken to hear.
	 */
	synchronized boolean blind(Instant now) {
		return this.lastEcho != null && blind(this.lastEcho, now);
	}

	/**
	 * How long there has been silence from a source since {@code from}, blind spells left
	 * out.
	 */
	synchronized Duration silence(Instant from, Instant now) {
		Duration silence = Duration.between(from, now);
		for (Spell spell : this.spells) {
			Instant start = spell.start().isAfter(from) ? spell.start() : from;
			Instant end = spell.end().isBefore(now) ? spell.end() : now;
			if (end.isAfter(start)) {
				silence = silence.minus(Duration.between(start, end));
			}
		}
		return silence;
	}

	/** When this replica last heard itself, or null before the first time. */
	synchronized @Nullable Instant lastEcho() {
		return this.lastEcho;
	}

	private boolean blind(Instant echo, Instant now) {
		return Duration.between(echo, now).compareTo(this.blindAfter) >= 0;
	}

	/** From the last echo before a blind spell to the first after it. */
	private record Spell(Instant start, Instant end) {

	}

}
