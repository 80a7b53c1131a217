package io.iotp.bootstrapper.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The embedded document store: a MongoDB wire-protocol server on an H2 file, so the
 * services use the ordinary MongoDB driver here and a real MongoDB replica set in
 * production.
 * <p>
 * Arguments: {@code <host> <port> <store file> <kafka bootstrap> <version>}.
 */
public final class MongoServerMain {

	private MongoServerMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 5) {
			System.err.println("usage: MongoServerMain <host> <port> <store file> <kafka bootstrap> <version>");
			System.exit(2);
		}
		Path storeFile = Path.of(args[2]);
		Files.createDirectories(storeFile.getParent());
		H2Backend backend;
		try {
			backend = new H2Backend(storeFile.toString());
		}
		catch (RuntimeException ex) {
			System.err.println("iotp: the document store " + storeFile + " cannot be opened (" + ex.getMessage()
					+ "). It may be damaged: move it aside to start with an empty store.");
			System.exit(3);
			return;
		}
		MongoServer server = new MongoServer(backend);
		server.bind(args[0], Integer.parseInt(args[1]));
		System.out.println("mongodb: listening on " + args[0] + ":" + args[1] + ", data in " + storeFile);
		InfraHeartbeat heartbeat = new InfraHeartbeat("mongodb", Path.of(args[3]), args[4]);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			heartbeat.close();
			server.shutdown();
			System.out.println("mongodb: stopped, data flushed");
			stopped.countDown();
		}, "mongodb-shutdown"));
		stopped.await();
	}

}
