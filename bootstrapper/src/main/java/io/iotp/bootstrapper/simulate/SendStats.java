package io.iotp.bootstrapper.simulate;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * What was sent, accepted (202 or MQTT PUBACK) and refused, updated from the senders'
 * threads.
 */
final class SendStats {

	final LongAdder sent = new LongAdder();

	final LongAdder accepted = new LongAdder();

	final LongAdder failed = new LongAdder();

	private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();

	void failed(long readings, String why) {
		this.failed.add(readings);
		this.lastError.set(why);
	}

	@Nullable String lastError() {
		return this.lastError.get();
	}

}
