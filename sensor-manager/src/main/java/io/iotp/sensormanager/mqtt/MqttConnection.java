package io.iotp.sensormanager.mqtt;

import java.net.SocketAddress;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.sensor.SensorType;
import io.iotp.sensormanager.command.Command;
import io.iotp.sensormanager.ingest.KnownSensor;

/**
 * One device's MQTT connection: reads its packets and hands each to the part that answers
 * it ({@link DeviceSession} CONNECT, {@link DevicePublishes} PUBLISH,
 * {@link CommandSubscription} SUBSCRIBE, UNSUBSCRIBE and the PUBACKs of commands), and
 * closes it. Everything but the MongoDB calls runs on the channel's event loop, so the
 * fields of these parts need no locks. QoS 1 PUBACKs leave in the order the PUBLISHes
 * came, each only after Kafka acknowledged the readings (or after they were rejected).
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

	private final DeviceSession session;

	private final PubAckQueue acks;

	private final DevicePublishes publishes;

	private final CommandSubscription commands;

	private @Nullable ChannelHandlerContext ctx;

	MqttConnection(MqttContext context) {
		this.session = new DeviceSession(this, context);
		this.acks = new PubAckQueue(this, context.properties().maxInflight());
		this.publishes = new DevicePublishes(this, context, this.acks);
		this.commands = new CommandSubscription(this, context);
	}

	boolean subscribed() {
		return this.commands.subscribed();
	}

	/** Readings of this connection still waiting for Kafka (shutdown waits for none). */
	int inflight() {
		return this.acks.inflight();
	}

	/**
	 * Sends the command over QoS 1 unless it is already in flight here; callable from any
	 * thread.
	 */
	boolean send(Command command) {
		return this.commands.send(command);
	}

	@Nullable ChannelHandlerContext channelContext() {
		return this.ctx;
	}

	/** The sensor once its CONNECT was accepted. */
	@Nullable KnownSensor sensor() {
		return this.session.sensor();
	}

	void retype(SensorType type) {
		this.session.retype(type);
	}

	boolean mqtt5() {
		return this.session.mqtt5();
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.session.holdBack(msg)) {
			return;
		}
		try {
			handle(ctx, msg);
		}
		finally {
			ReferenceCountUtil.release(msg);
		}
	}

	private void handle(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof MqttMessage message)) {
			return;
		}
		if (message.decoderResult().isFailure()) {
			Throwable cause = message.decoderResult().cause();
			if (cause instanceof MqttUnacceptableProtocolVersionException) {
				ctx.writeAndFlush(MqttPackets.unacceptableProtocolVersion()).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			close("a malformed packet: " + cause.getMessage());
			return;
		}
		MqttMessageType type = message.fixedHeader().messageType();
		if (type == MqttMessageType.CONNECT) {
			this.session.connect(ctx, (MqttConnectMessage) message);
			return;
		}
		KnownSensor sensor = this.session.sensor();
		if (sensor == null) {
			close("a " + type + " before CONNECT");
			return;
		}
		switch (type) {
			case PUBLISH -> this.publishes.publish(ctx, (MqttPublishMessage) message, sensor);
			case PUBACK ->
				this.commands.delivered(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
			case SUBSCRIBE -> this.commands.subscribe(ctx, (MqttSubscribeMessage) message, sensor);
			case UNSUBSCRIBE -> this.commands.unsubscribe(ctx, (MqttUnsubscribeMessage) message, sensor);
			case PINGREQ -> ctx.writeAndFlush(MqttMessage.PINGRESP);
			case DISCONNECT -> ctx.close();
			default -> close("an unsupported " + type);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof IdleStateEvent) {
			close((this.session.sensor() == null) ? "no CONNECT in time" : "no packet within 1.5 keep-alive periods");
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.session.closed();
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (cause instanceof java.io.IOException) {
			log.debug("MQTT connection from {} failed", remote(ctx), cause);
		}
		else {
			// not the network: a bug or an unexpected packet, worth its stack trace
			log.warn("MQTT connection from {} failed", remote(ctx), cause);
		}
		close("an error: " + cause);
	}

	/** Closes the connection (from any thread), saying why in the log. */
	void close(String why) {
		ChannelHandlerContext ctx = this.ctx;
		KnownSensor sensor = this.session.sensor();
		if (ctx != null && ctx.channel().isActive()) {
			log.info("[sensor {}] MQTT connection from {} closed: {}", (sensor != null) ? sensor.id() : "-",
					remote(ctx), why);
			ctx.close();
		}
	}

	/** MQTT 5 gets a DISCONNECT with the reason first; 3.1.1 has none from the server. */
	void disconnect(byte reason, String why) {
		ChannelHandlerContext ctx = this.ctx;
		if (ctx == null) {
			return;
		}
		ctx.executor().execute(() -> {
			if (mqtt5() && ctx.channel().isActive()) {
				ctx.writeAndFlush(MqttPackets.disconnect(reason));
			}
			close(why);
		});
	}

	static String remote(ChannelHandlerContext ctx) {
		SocketAddress address = ctx.channel().remoteAddress();
		return (address != null) ? address.toString() : "?";
	}

}
