package io.iotp.bootstrapper.simulate;

import java.time.Duration;
import java.util.List;

/**
 * Sends readings without waiting for their answers; counts the answers in
 * {@link SendStats}.
 */
interface ReadingSender extends AutoCloseable {

	/**
	 * Sends, waiting (for room in flight) no later than {@code deadline}
	 * ({@link System#nanoTime()}).
	 */
	void send(List<SimulatedReading> readings, long deadline);

	/** Waits at most {@code grace} for answers still outstanding. */
	void drain(Duration grace);

	@Override
	void close();

}
