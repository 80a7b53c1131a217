package io.iotp.sensormanager.mqtt;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.jspecify.annotations.Nullable;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.errors.RetryLaterException;
import io.iotp.sensormanager.ingest.KnownSensor;
import io.iotp.sensormanager.ingest.Transport;

/**
 * What a device publishes: readings on {@code sensors/<id>/data} go to ingestion,
 * acknowledgements on {@code sensors/<id>/commands/<cmdId>/ack} to the command store (off
 * the event loop), anything else is refused. The outcome of each, a PUBACK reason code,
 * is answered in order by the {@link PubAckQueue}.
 */
final class DevicePublishes {

	private final MqttConnection connection;

	private final MqttContext context;

	private final PubAckQueue acks;

	DevicePublishes(MqttConnection connection, MqttContext context, PubAckQueue acks) {
		this.connection = connection;
		this.context = context;
		this.acks = acks;
	}

	void publish(ChannelHandlerContext ctx, MqttPublishMessage publish, KnownSensor sensor) {
		MqttQoS qos = publish.fixedHeader().qosLevel();
		int packetId = publish.variableHeader().packetId();
		if (qos == MqttQoS.EXACTLY_ONCE) {
			this.connection.disconnect(ReasonCodes.QOS_NOT_SUPPORTED,
					"QoS 2 is not supported, publish with QoS 0 or 1");
			return;
		}
		String topic = publish.variableHeader().topicName();
		String own = "sensors/" + sensor.id().value() + "/";
		CompletableFuture<Byte> outcome;
		if (topic.equals(own + "data")) {
			outcome = readings(sensor, ByteBufUtil.getBytes(publish.payload()));
		}
		else if (topic.startsWith(own + "commands/") && topic.endsWith("/ack")
				&& topic.length() > (own + "commands//ack").length()) {
			String commandId = topic.substring((own + "commands/").length(), topic.length() - "/ack".length());
			outcome = acknowledge(sensor, commandId, ByteBufUtil.getBytes(publish.payload()));
		}
		else {
			this.context.ingestion()
				.rejected(Transport.MQTT, new PlatformException(ErrorCodes.AUTH_FORBIDDEN, "topic " + topic));
			this.context.rejections()
				.warn("[sensor " + sensor.id() + "] MQTT publish to '" + topic
						+ "' refused: a device may publish only to " + own + "data and " + own + "commands/<id>/ack");
			if (!this.connection.mqtt5()) {
				// MQTT 3.1.1 has no negative PUBACK: closing the connection is the only
				// way to say no
				this.connection.close("a publish to another sensor's topic");
				return;
			}
			outcome = CompletableFuture.completedFuture(ReasonCodes.NOT_AUTHORIZED);
		}
		this.acks.track(ctx, qos, packetId, outcome);
	}

	private CompletableFuture<Byte> readings(KnownSensor sensor, byte[] payload) {
		try {
			return this.context.ingestion()
				.accept(sensor, payload, Transport.MQTT)
				.thenApply((count) -> ReasonCodes.SUCCESS);
		}
		catch (RetryLaterException ex) {
			this.context.rejections()
				.warn("[sensor " + sensor.id() + "] MQTT readings over the sensor's rate: " + ex.detail());
			// MQTT 3.1.1 has no negative PUBACK: no PUBACK at all (the connection closes)
			// makes the device
			// send them again later instead of losing them
			return this.connection.mqtt5() ? CompletableFuture.completedFuture(ReasonCodes.QUOTA_EXCEEDED)
					: CompletableFuture.failedFuture(ex);
		}
		catch (PlatformException ex) {
			this.context.rejections()
				.warn("[sensor " + sensor.id() + "] MQTT readings rejected, none forwarded: " + ex.errorCode().code()
						+ ": " + ex.detail());
			return CompletableFuture.completedFuture(ReasonCodes.PAYLOAD_FORMAT_INVALID);
		}
	}

	private CompletableFuture<Byte> acknowledge(KnownSensor sensor, String commandId, byte[] payload) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				this.context.commands().acknowledge(sensor.id().value(), commandId, result(payload));
				return ReasonCodes.SUCCESS;
			}
			catch (PlatformException ex) {
				this.context.rejections()
					.warn("[sensor " + sensor.id() + "] MQTT acknowledgement of command " + commandId + " refused: "
							+ ex.detail());
				return ReasonCodes.UNSPECIFIED_ERROR;
			}
		}, this.context.blocking());
	}

	private @Nullable Object result(byte[] payload) {
		if (payload.length == 0) {
			return null;
		}
		try {
			Object parsed = this.context.json().readValue(payload, Object.class);
			return (parsed instanceof Map<?, ?> map) ? map.get("result") : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
