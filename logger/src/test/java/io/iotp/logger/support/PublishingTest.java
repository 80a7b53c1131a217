package io.iotp.logger.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import io.iotp.starter.security.TestTokens;
import io.iotp.testsupport.Api;

/**
 * What the tests that publish log lines and read them back through the API share: once
 * the logger's consumers are assigned, a publisher of lines on the real topics and an
 * admin's API client.
 */
public abstract class PublishingTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected TestTokens tokens;

	@Autowired
	protected EmbeddedKafkaBroker kafka;

	@Autowired
	protected KafkaListenerEndpointRegistry listeners;

	protected LogLines lines;

	protected Api admin;

	@BeforeEach
	void setUpLinesAndAdmin() {
		Ingestion.awaitAssigned(this.listeners);
		this.lines = new LogLines(this.kafka.getBrokersAsString());
		this.admin = new Api(this.port, this.tokens.admin("root"));
	}

	@AfterEach
	void closeLinesAndAdmin() {
		this.lines.close();
		this.admin.close();
	}

}
