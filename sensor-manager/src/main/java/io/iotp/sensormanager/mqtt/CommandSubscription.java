package io.iotp.sensormanager.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import io.iotp.sensormanager.command.Command;
import io.iotp.sensormanager.ingest.KnownSensor;

/**
 * Commands to one device: it subscribes to {@code sensors/<id>/commands} (its own only),
 * receives each command as a QoS 1 PUBLISH, and its PUBACK makes the command DELIVERED.
 * Commands that waited while it was away are sent when it subscribes. Runs on the
 * channel's event loop, but for {@link #send} and {@link #subscribed()}.
 */
final class CommandSubscription {

	private final MqttConnection connection;

	private final MqttContext context;

	private volatile boolean subscribed;

	private int nextPacketId = 1;

	/** Commands sent and not yet acknowledged by PUBACK: packet id → command id. */
	private final Map<Integer, String> outgoing = new HashMap<>();

	CommandSubscription(MqttConnection connection, MqttContext context) {
		this.connection = connection;
		this.context = context;
	}

	boolean subscribed() {
		return this.subscribed;
	}

	/**
	 * Sends the command over QoS 1 unless it is already in flight here; callable from any
	 * thread.
	 */
	boolean send(Command command) {
		ChannelHandlerContext ctx = this.connection.channelContext();
		KnownSensor sensor = this.connection.sensor();
		if (ctx == null || sensor == null || !ctx.channel().isActive()) {
			return false;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", command.id());
		body.put("name", command.name());
		body.put("args", command.args());
		body.put("expiresAt", command.expiresAt().toString());
		byte[] payload = this.context.json().writeValueAsBytes(body);
		ctx.executor().execute(() -> {
			if (this.outgoing.containsValue(command.id()) || !ctx.channel().isActive()) {
				return;
			}
			int packetId = nextPacketId();
			this.outgoing.put(packetId, command.id());
			ctx.writeAndFlush(MqttPackets.command("sensors/" + sensor.id().value() + "/commands", packetId, payload));
		});
		return true;
	}

	private int nextPacketId() {
		int id;
		do {
			id = this.nextPacketId;
			this.nextPacketId = (id == 65535) ? 1 : id + 1;
		}
		while (this.outgoing.containsKey(id));
		return id;
	}

	/** The device's PUBACK of a packet: if it carried a command, the command arrived. */
	void delivered(int packetId) {
		String commandId = this.outgoing.remove(packetId);
		if (commandId != null) {
			CompletableFuture.runAsync(() -> this.context.commands().markDelivered(commandId), this.context.blocking());
		}
	}

	void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe, KnownSensor sensor) {
		String own = "sensors/" + sensor.id().value() + "/commands";
		List<Integer> codes = new ArrayList<>();
		for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
			if (subscription.topicFilter().equals(own)) {
				codes.add(Math.min(subscription.qualityOfService().value(), 1));
				this.subscribed = true;
			}
			else {
				this.context.rejections()
					.warn("[sensor " + sensor.id() + "] MQTT subscription to '" + subscription.topicFilter()
							+ "' refused: a device may subscribe only to " + own);
				codes.add(this.connection.mqtt5() ? ReasonCodes.NOT_AUTHORIZED & 0xFF : MqttQoS.FAILURE.value());
			}
		}
		ctx.writeAndFlush(MqttPackets.subAck(subscribe.idAndPropertiesVariableHeader().messageId(), codes));
		if (this.subscribed) {
			// commands sent while the device was away
			CompletableFuture.runAsync(() -> {
				for (Command command : this.context.commands().pendingFor(sensor.id().value())) {
					if (send(command)) {
						this.context.commands().markSent(command.id());
					}
				}
			}, this.context.blocking());
		}
	}

	void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage unsubscribe, KnownSensor sensor) {
		MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck()
			.packetId(unsubscribe.idAndPropertiesVariableHeader().messageId());
		for (String filter : unsubscribe.payload().topics()) {
			if (filter.equals("sensors/" + sensor.id().value() + "/commands")) {
				this.subscribed = false;
			}
			if (this.connection.mqtt5()) {
				ack.addReasonCode((short) 0);
			}
		}
		ctx.writeAndFlush(ack.build());
	}

}
