package io.iotp.sensormanager.mqtt;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * A connection's received PUBLISHes in arrival order, answered from the head as their
 * outcomes complete: QoS 1 PUBACKs leave in the order the messages came, each only after
 * Kafka acknowledged the readings (or after they were rejected). While
 * {@code max-inflight} messages wait, the device is not read from; reading resumes at
 * half. Runs on the channel's event loop, but for {@link #inflight()}.
 */
final class PubAckQueue {

	private final MqttConnection connection;

	private final int maxInflight;

	private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	/** Messages whose readings are on their way to Kafka. */
	private volatile int inflight;

	PubAckQueue(MqttConnection connection, int maxInflight) {
		this.connection = connection;
		this.maxInflight = maxInflight;
	}

	/** Readings of this connection still waiting for Kafka (shutdown waits for none). */
	int inflight() {
		return this.inflight;
	}

	/**
	 * Answers the publish once its outcome is known, after every earlier one; a failure
	 * to reach Kafka closes the connection without PUBACK, so the device sends the
	 * message again.
	 */
	void track(ChannelHandlerContext ctx, MqttQoS qos, int packetId, CompletableFuture<Byte> outcome) {
		this.inflight++;
		if (this.inflight >= this.maxInflight) {
			ctx.channel().config().setAutoRead(false);
		}
		this.pendingAcks.add(new PendingAck(qos, packetId, outcome));
		if (outcome.isDone()) {
			drainAcks(ctx);
		}
		else {
			outcome.whenComplete((code, failure) -> {
				// one drain task however many outcomes complete meanwhile; it writes them
				// with one flush
				if (this.drainScheduled.compareAndSet(false, true)) {
					ctx.executor().execute(() -> drainAcks(ctx));
				}
			});
		}
	}

	/**
	 * Writes the PUBACKs of the completed messages at the head of the line, in order,
	 * with one flush.
	 */
	private void drainAcks(ChannelHandlerContext ctx) {
		this.drainScheduled.set(false);
		boolean wrote = false;
		while (!this.pendingAcks.isEmpty() && this.pendingAcks.peek().outcome().isDone()) {
			PendingAck pending = this.pendingAcks.poll();
			this.inflight--;
			Byte code = pending.outcome().exceptionally((failure) -> null).join();
			if (code == null) {
				this.pendingAcks.clear();
				this.connection.disconnect(ReasonCodes.UNSPECIFIED_ERROR,
						"the readings were not taken (Kafka away or over the sensor's rate); publish them again");
				break;
			}
			if (pending.qos() == MqttQoS.AT_LEAST_ONCE && ctx.channel().isActive()) {
				ctx.write(MqttPackets.pubAck(pending.packetId(), code, this.connection.mqtt5()));
				wrote = true;
			}
		}
		if (wrote) {
			ctx.flush();
		}
		if (this.inflight <= this.maxInflight / 2 && ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
			ctx.channel().config().setAutoRead(true);
		}
	}

	/**
	 * A received PUBLISH waiting for its answer.
	 *
	 * @param qos its QoS: only QoS 1 is answered
	 * @param packetId its packet id
	 * @param outcome the PUBACK reason code once known; failed when Kafka did not take
	 * the readings
	 */
	private record PendingAck(MqttQoS qos, int packetId, CompletableFuture<Byte> outcome) {
	}

}
