package io.iotp.sensormanager.mqtt;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.errors.RetryLaterException;
import io.iotp.sensormanager.command.Command;
import io.iotp.sensormanager.ingest.KnownSensor;
import io.iotp.sensormanager.ingest.Transport;

/**
 * One device's MQTT connection. Everything but the MongoDB calls runs on the channel's event loop, so
 * the fields need no locks. QoS 1 PUBACKs leave in the order the PUBLISHes came, each only after Kafka
 * acknowledged the readings (or after they were rejected).
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

	static final byte SUCCESS = 0x00;

	static final byte UNSPECIFIED_ERROR = (byte) 0x80;

	static final byte NOT_AUTHORIZED = (byte) 0x87;

	static final byte PAYLOAD_FORMAT_INVALID = (byte) 0x99;

	static final byte QUOTA_EXCEEDED = (byte) 0x97;

	static final byte SERVER_SHUTTING_DOWN = (byte) 0x8B;

	static final byte QOS_NOT_SUPPORTED = (byte) 0x9B;

	private static final int MQTT_5 = 5;

	private final MqttContext context;

	private @Nullable ChannelHandlerContext ctx;

	private @Nullable KnownSensor sensor;

	private int version;

	private boolean authenticating;

	private final List<Object> heldBack = new ArrayList<>();

	private volatile boolean subscribed;

	private int nextPacketId = 1;

	/** Commands sent and not yet acknowledged by PUBACK: packet id → command id. */
	private final Map<Integer, String> outgoing = new HashMap<>();

	/** Received messages in arrival order, answered from the head as their outcomes complete. */
	private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	/** Messages whose readings are on their way to Kafka. */
	private volatile int inflight;

	MqttConnection(MqttContext context) {
		this.context = context;
	}

	boolean subscribed() {
		return this.subscribed;
	}

	/** Readings of this connection still waiting for Kafka (shutdown waits for none). */
	int inflight() {
		return this.inflight;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.authenticating) {
			// packets sent right behind CONNECT wait until it is answered
			this.heldBack.add(msg);
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
				ctx.writeAndFlush(MqttMessageBuilders.connAck()
					.returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION)
					.build()).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			close("a malformed packet: " + cause.getMessage());
			return;
		}
		MqttMessageType type = message.fixedHeader().messageType();
		if (type == MqttMessageType.CONNECT) {
			connect(ctx, (MqttConnectMessage) message);
			return;
		}
		if (this.sensor == null) {
			close("a " + type + " before CONNECT");
			return;
		}
		switch (type) {
			case PUBLISH -> publish(ctx, (MqttPublishMessage) message, this.sensor);
			case PUBACK -> delivered(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
			case SUBSCRIBE -> subscribe(ctx, (MqttSubscribeMessage) message, this.sensor);
			case UNSUBSCRIBE -> unsubscribe(ctx, (MqttUnsubscribeMessage) message, this.sensor);
			case PINGREQ -> ctx.writeAndFlush(MqttMessage.PINGRESP);
			case DISCONNECT -> ctx.close();
			default -> close("an unsupported " + type);
		}
	}

	private void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
		if (this.sensor != null) {
			close("a second CONNECT");
			return;
		}
		this.version = connect.variableHeader().version();
		String username = connect.payload().userName();
		byte[] password = connect.payload().passwordInBytes();
		if (username == null || password == null) {
			refuse(ctx, "no user name (the sensor id) or no password (its key)", false);
			return;
		}
		int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
		this.authenticating = true;
		CompletableFuture
			.supplyAsync(() -> this.context.authenticator()
				.authenticate(username, new String(password, StandardCharsets.UTF_8)), this.context.blocking())
			.whenCompleteAsync((sensor, failure) -> {
				this.authenticating = false;
				if (failure != null) {
					boolean wrongKey = failure.getCause() instanceof PlatformException platform
							&& platform.errorCode().equals(ErrorCodes.AUTH_UNAUTHORIZED);
					refuse(ctx, wrongKey ? "sensor '" + username + "' with a wrong key, or unknown"
							: "the sensor registry is unavailable: " + failure.getCause(), !wrongKey);
					releaseHeldBack();
					return;
				}
				accept(ctx, sensor, keepAlive);
				replayHeldBack(ctx);
			}, ctx.executor());
	}

	private void accept(ChannelHandlerContext ctx, KnownSensor sensor, int keepAlive) {
		this.sensor = sensor;
		MqttConnection replaced = this.context.sessions().register(sensor.id().value(), this);
		if (replaced != null && replaced != this) {
			replaced.close("sensor " + sensor.id() + " connected again");
		}
		ctx.pipeline().remove(MqttServer.CONNECT_TIMEOUT);
		if (keepAlive > 0) {
			// MQTT: the server disconnects after one and a half keep-alive periods without a packet
			ctx.pipeline().addFirst(MqttServer.KEEP_ALIVE, new IdleStateHandler(keepAlive * 1500L, 0, 0,
					TimeUnit.MILLISECONDS));
		}
		MqttMessageBuilders.ConnAckBuilder connAck = MqttMessageBuilders.connAck()
			.returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
			.sessionPresent(false);
		if (this.version == MQTT_5) {
			connAck.properties(serverLimits());
		}
		ctx.writeAndFlush(connAck.build());
		log.info("[sensor {}] MQTT {} connected from {}", sensor.id(), versionName(), remote(ctx));
	}

	private MqttProperties serverLimits() {
		MqttProperties properties = new MqttProperties();
		properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value(), 1));
		properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
		properties.add(new MqttProperties.IntegerProperty(
				MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
		properties.add(new MqttProperties.IntegerProperty(
				MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
		properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
				Math.min(65535, this.context.properties().maxInflight())));
		return properties;
	}

	private void refuse(ChannelHandlerContext ctx, String why, boolean unavailable) {
		this.context.rejections().warn("MQTT connection from " + remote(ctx) + " refused: " + why);
		MqttConnectReturnCode code;
		if (unavailable) {
			code = (this.version == MQTT_5) ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
					: MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
		}
		else {
			code = (this.version == MQTT_5) ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
					: MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
		}
		ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
			.addListener(ChannelFutureListener.CLOSE);
	}

	private void replayHeldBack(ChannelHandlerContext ctx) {
		List<Object> held = new ArrayList<>(this.heldBack);
		this.heldBack.clear();
		for (Object msg : held) {
			channelRead(ctx, msg);
		}
	}

	private void releaseHeldBack() {
		this.heldBack.forEach(ReferenceCountUtil::release);
		this.heldBack.clear();
	}

	// Readings and acknowledgements of commands

	private void publish(ChannelHandlerContext ctx, MqttPublishMessage publish, KnownSensor sensor) {
		MqttQoS qos = publish.fixedHeader().qosLevel();
		int packetId = publish.variableHeader().packetId();
		if (qos == MqttQoS.EXACTLY_ONCE) {
			disconnect(QOS_NOT_SUPPORTED, "QoS 2 is not supported, publish with QoS 0 or 1");
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
			this.context.ingestion().rejected(Transport.MQTT,
					new PlatformException(ErrorCodes.AUTH_FORBIDDEN, "topic " + topic));
			this.context.rejections().warn("[sensor " + sensor.id() + "] MQTT publish to '" + topic
					+ "' refused: a device may publish only to " + own + "data and " + own + "commands/<id>/ack");
			if (this.version != MQTT_5) {
				// MQTT 3.1.1 has no negative PUBACK: closing the connection is the only way to say no
				close("a publish to another sensor's topic");
				return;
			}
			outcome = CompletableFuture.completedFuture(NOT_AUTHORIZED);
		}
		track(ctx, qos, packetId, outcome);
	}

	private CompletableFuture<Byte> readings(KnownSensor sensor, byte[] payload) {
		try {
			return this.context.ingestion().accept(sensor, payload, Transport.MQTT).thenApply((count) -> SUCCESS);
		}
		catch (RetryLaterException ex) {
			this.context.rejections().warn("[sensor " + sensor.id() + "] MQTT readings over the sensor's rate: "
					+ ex.detail());
			// MQTT 3.1.1 has no negative PUBACK: no PUBACK at all (the connection closes) makes the device
			// send them again later instead of losing them
			return (this.version == MQTT_5) ? CompletableFuture.completedFuture(QUOTA_EXCEEDED)
					: CompletableFuture.failedFuture(ex);
		}
		catch (PlatformException ex) {
			this.context.rejections().warn("[sensor " + sensor.id() + "] MQTT readings rejected, none forwarded: "
					+ ex.errorCode().code() + ": " + ex.detail());
			return CompletableFuture.completedFuture(PAYLOAD_FORMAT_INVALID);
		}
	}

	private CompletableFuture<Byte> acknowledge(KnownSensor sensor, String commandId, byte[] payload) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				this.context.commands().acknowledge(sensor.id().value(), commandId, result(payload));
				return SUCCESS;
			}
			catch (PlatformException ex) {
				this.context.rejections().warn("[sensor " + sensor.id() + "] MQTT acknowledgement of command "
						+ commandId + " refused: " + ex.detail());
				return UNSPECIFIED_ERROR;
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

	/**
	 * Answers the publish once its outcome is known, after every earlier one; a failure to reach Kafka
	 * closes the connection without PUBACK, so the device sends the message again.
	 */
	private void track(ChannelHandlerContext ctx, MqttQoS qos, int packetId, CompletableFuture<Byte> outcome) {
		this.inflight++;
		if (this.inflight >= this.context.properties().maxInflight()) {
			ctx.channel().config().setAutoRead(false);
		}
		this.pendingAcks.add(new PendingAck(qos, packetId, outcome));
		if (outcome.isDone()) {
			drainAcks(ctx);
		}
		else {
			outcome.whenComplete((code, failure) -> {
				// one drain task however many outcomes complete meanwhile; it writes them with one flush
				if (this.drainScheduled.compareAndSet(false, true)) {
					ctx.executor().execute(() -> drainAcks(ctx));
				}
			});
		}
	}

	/** Writes the PUBACKs of the completed messages at the head of the line, in order, with one flush. */
	private void drainAcks(ChannelHandlerContext ctx) {
		this.drainScheduled.set(false);
		boolean wrote = false;
		while (!this.pendingAcks.isEmpty() && this.pendingAcks.peek().outcome().isDone()) {
			PendingAck pending = this.pendingAcks.poll();
			this.inflight--;
			Byte code = pending.outcome().exceptionally((failure) -> null).join();
			if (code == null) {
				this.pendingAcks.clear();
				disconnect(UNSPECIFIED_ERROR, "the readings were not taken (Kafka away or over the sensor's rate); "
						+ "publish them again");
				break;
			}
			if (pending.qos() == MqttQoS.AT_LEAST_ONCE && ctx.channel().isActive()) {
				MqttMessageBuilders.PubAckBuilder ack = MqttMessageBuilders.pubAck().packetId(pending.packetId());
				if (this.version == MQTT_5 && code != SUCCESS) {
					ack.reasonCode(code);
				}
				ctx.write(ack.build());
				wrote = true;
			}
		}
		if (wrote) {
			ctx.flush();
		}
		if (this.inflight <= this.context.properties().maxInflight() / 2 && ctx.channel().isActive()
				&& !ctx.channel().config().isAutoRead()) {
			ctx.channel().config().setAutoRead(true);
		}
	}

	/**
	 * A received PUBLISH waiting for its answer.
	 *
	 * @param qos its QoS: only QoS 1 is answered
	 * @param packetId its packet id
	 * @param outcome the PUBACK reason code once known; failed when Kafka did not take the readings
	 */
	private record PendingAck(MqttQoS qos, int packetId, CompletableFuture<Byte> outcome) {
	}

	// Commands

	/** Sends the command over QoS 1 unless it is already in flight here; callable from any thread. */
	boolean send(Command command) {
		ChannelHandlerContext ctx = this.ctx;
		KnownSensor sensor = this.sensor;
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
			ctx.writeAndFlush(MqttMessageBuilders.publish()
				.topicName("sensors/" + sensor.id().value() + "/commands")
				.qos(MqttQoS.AT_LEAST_ONCE)
				.messageId(packetId)
				.retained(false)
				.payload(Unpooled.wrappedBuffer(payload))
				.build());
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

	private void delivered(int packetId) {
		String commandId = this.outgoing.remove(packetId);
		if (commandId != null) {
			CompletableFuture.runAsync(() -> this.context.commands().markDelivered(commandId), this.context.blocking());
		}
	}

	private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe, KnownSensor sensor) {
		String own = "sensors/" + sensor.id().value() + "/commands";
		List<Integer> codes = new ArrayList<>();
		for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
			if (subscription.topicFilter().equals(own)) {
				codes.add(Math.min(subscription.qualityOfService().value(), 1));
				this.subscribed = true;
			}
			else {
				this.context.rejections().warn("[sensor " + sensor.id() + "] MQTT subscription to '"
						+ subscription.topicFilter() + "' refused: a device may subscribe only to " + own);
				codes.add((this.version == MQTT_5) ? NOT_AUTHORIZED & 0xFF : MqttQoS.FAILURE.value());
			}
		}
		ctx.writeAndFlush(new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false,
				MqttQoS.AT_MOST_ONCE, false, 0),
				new MqttMessageIdAndPropertiesVariableHeader(subscribe.idAndPropertiesVariableHeader().messageId(),
						MqttProperties.NO_PROPERTIES),
				new MqttSubAckPayload(codes)));
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

	private void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage unsubscribe, KnownSensor sensor) {
		MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck()
			.packetId(unsubscribe.idAndPropertiesVariableHeader().messageId());
		for (String filter : unsubscribe.payload().topics()) {
			if (filter.equals("sensors/" + sensor.id().value() + "/commands")) {
				this.subscribed = false;
			}
			if (this.version == MQTT_5) {
				ack.addReasonCode((short) 0);
			}
		}
		ctx.writeAndFlush(ack.build());
	}

	// Connection

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof IdleStateEvent) {
			close((this.sensor == null) ? "no CONNECT in time" : "no packet within 1.5 keep-alive periods");
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		releaseHeldBack();
		if (this.sensor != null) {
			this.context.sessions().unregister(this.sensor.id().value(), this);
			log.info("[sensor {}] MQTT disconnected", this.sensor.id());
		}
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
		if (ctx != null && ctx.channel().isActive()) {
			log.info("[sensor {}] MQTT connection from {} closed: {}", (this.sensor != null) ? this.sensor.id() : "-",
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
			if (this.version == MQTT_5 && ctx.channel().isActive()) {
				ctx.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode(reason).build());
			}
			close(why);
		});
	}

	private String versionName() {
		return switch (this.version) {
			case 3 -> "3.1";
			case 4 -> "3.1.1";
			default -> String.valueOf(this.version);
		};
	}

	private static String remote(ChannelHandlerContext ctx) {
		SocketAddress address = ctx.channel().remoteAddress();
		return (address != null) ? address.toString() : "?";
	}

}
