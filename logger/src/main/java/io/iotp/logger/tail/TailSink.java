package io.iotp.logger.tail;

import java.util.List;

/**
 * Where a subscription's events go (an SSE response); only its own sender thread calls
 * it.
 */
public interface TailSink {

	/**
	 * Sends the events in order.
	 * @throws Gone when the client is no longer there
	 */
	void send(List<TailEvent> events) throws Gone;

	/** Ends the stream; called once, from any thread. */
	void close();

	/** The client is gone: nothing more can be sent. */
	final class Gone extends Exception {

		public Gone(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
