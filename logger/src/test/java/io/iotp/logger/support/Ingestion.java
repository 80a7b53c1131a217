package io.iotp.logger.support;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/**
 * Waits until the logger's consumers have their partitions, so latencies measured after
 * it are honest.
 */
public final class Ingestion {

	private Ingestion() {
	}

	public static void awaitAssigned(KafkaListenerEndpointRegistry registry) {
		for (MessageListenerContainer container : registry.getListenerContainers()) {
			ContainerTestUtils.waitForAssignment(container, container.getContainerProperties().getTopics().length);
		}
	}

}
