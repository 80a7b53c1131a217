package io.iotp.logger.bench;

import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The embedded platform's document store as the benchmark runs it: a MongoDB
 * wire-protocol server on an H2 file, in a JVM of its own with the same heap as
 * {@code iotp up} gives it. Arguments: {@code <port>
 * <file>} ({@code memory} for the in-memory backend); prints {@code ready} once it
 * listens and stops on SIGTERM.
 */
public final class BenchMongoServer {

	private BenchMongoServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		MongoServer server = new MongoServer("memory".equals(args[1]) ? new MemoryBackend() : new H2Backend(args[1]));
		server.bind("127.0.0.1", Integer.parseInt(args[0]));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.shutdown();
			stopped.countDown();
		}));
		System.out.println("ready");
		stopped.await();
	}

}
