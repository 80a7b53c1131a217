package io.iotp.testsupport;

import java.net.InetSocketAddress;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Gives a test application context its own MongoDB wire-protocol server (in this JVM, on
 * a free loopback port), shut down when the context closes, after every bean that uses
 * it. Name it in {@code @ContextConfiguration(initializers = EmbeddedMongo.class)}.
 */
public class EmbeddedMongo implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		MongoServer mongo = new MongoServer(new MemoryBackend());
		mongo.bind("127.0.0.1", 0);
		InetSocketAddress address = mongo.getLocalAddress();
		// a database in the URI for services that configure none (spring.mongodb.database
		// wins where set)
		String database = context.getEnvironment().getProperty("spring.application.name", "test");
		TestPropertyValues.of("spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort() + "/" + database)
			.applyTo(context);
		// registered before any bean, so destroyed after all of them
		((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("embeddedMongo",
				mongo::shutdownNow);
	}

}
