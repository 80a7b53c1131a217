package io.iotp.deployer.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;

import io.iotp.contracts.messaging.Envelope;
import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.messaging.Topic;
import io.iotp.starter.PlatformIdentity;

/**
 * One Kafka request-reply pair with Spring Kafka's {@link ReplyingKafkaTemplate}. Every
 * deployer replica reads all replies in a consumer group of its own and keeps those that
 * answer its own correlation ids; replies sent before the replica existed are for nobody
 * here, so it starts at the latest offset.
 * <p>
 * Not a bean: as a {@code KafkaTemplate} it would replace the one Boot configures for
 * everything else. The client owning it starts and stops it with its own lifecycle.
 */
public final class RequestReplyChannel<Q extends Message, R extends Message> {

	private final ReplyingKafkaTemplate<Object, Object, Object> template;

	private final Topic<Q> requestTopic;

	private final Topic<R> replyTopic;

	private final PlatformIdentity identity;

	private volatile boolean assigned;

	/**
	 * @param name names the reply container and the replica's reply group
	 * ({@code deployer-<name>-<instance>})
	 * @param requestTopic where the questions go
	 * @param replyTopic where the answers come
	 * @param timeout how long one request waits for its answer
	 */
	public RequestReplyChannel(String name, Topic<Q> requestTopic, Topic<R> replyTopic, Duration timeout,
			ProducerFactory<Object, Object> producers, ConsumerFactory<Object, Object> consumers,
			PlatformIdentity identity) {
		ContainerProperties containerProperties = new ContainerProperties(replyTopic.name());
		containerProperties.setGroupId("deployer-" + name + "-" + identity.instanceId());
		containerProperties.getKafkaConsumerProperties().setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		ConcurrentMessageListenerContainer<Object, Object> replies = new ConcurrentMessageListenerContainer<>(consumers,
				containerProperties);
		replies.setBeanName(name);
		this.template = new ReplyingKafkaTemplate<>(producers, replies);
		this.template.setSharedReplyTopic(true);
		this.template.setDefaultReplyTimeout(timeout);
		this.identity = identity;
		this.requestTopic = requestTopic;
		this.replyTopic = replyTopic;
	}

	/**
	 * Sends {@code request} in an envelope on the request topic, keyed and correlated by
	 * the topic's key rule, and waits for the answer's payload.
	 * @throws TimeoutException when no answer came in time (retriable)
	 * @throws ExecutionException when sending failed, the answer was unreadable, or the
	 * wait was cut short
	 */
	public R ask(Q request, Duration timeout) throws TimeoutException, ExecutionException, InterruptedException {
		awaitAssignment();
		String key = this.requestTopic.keyOf(request);
		RequestReplyFuture<Object, Object, Object> future = this.template.sendAndReceive(new ProducerRecord<>(
				this.requestTopic.name(), key, Envelope.of(this.identity.componentId(), key, request)), timeout);
		Object reply = future.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).value();
		if (reply instanceof Envelope<?> envelope && this.replyTopic.carries(envelope.payload())) {
			return this.replyTopic.payloadType().cast(envelope.payload());
		}
		throw new ExecutionException(new IllegalStateException("the answer on " + this.replyTopic + " is " + reply));
	}

	/** A request sent before the reply partitions are assigned would miss its answer. */
	private void awaitAssignment() throws InterruptedException {
		if (!this.assigned) {
			this.assigned = this.template.waitForAssignment(Duration.ofSeconds(30));
		}
	}

	public void start() {
		this.template.start();
	}

	public void stop() {
		this.template.stop();
	}

	public boolean isRunning() {
		return this.template.isRunning();
	}

}
