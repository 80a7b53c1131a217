package io.iotp.sensormanager.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.SensorType;
import io.iotp.sensormanager.ingest.KnownSensor;

/**
 * Who is at the other end of one connection: CONNECT names the sensor (user name) and
 * proves it with its key (password), checked off the event loop; an accepted device gets
 * CONNACK, its keep-alive and its place in {@link MqttSessions}. Everything else runs on
 * the channel's event loop.
 */
final class DeviceSession {

	// the category of everything a device's connection logs, wherever in the package it
	// is logged
	private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

	private static final int MQTT_5 = 5;

	private final MqttConnection connection;

	private final MqttContext context;

	/** Set on the connection's event loop; replaced from others when its type changes. */
	private volatile @Nullable KnownSensor sensor;

	private int version;

	private boolean authenticating;

	private final List<Object> heldBack = new ArrayList<>();

	DeviceSession(MqttConnection connection, MqttContext context) {
		this.connection = connection;
		this.context = context;
	}

	/** The sensor once CONNECT was accepted. */
	@Nullable KnownSensor sensor() {
		return this.sensor;
	}

	/** The sensor's type changed: its next readings are checked against the new one. */
	void retype(SensorType type) {
		KnownSensor current = this.sensor;
		if (current != null && current.type().name().equals(type.name())) {
			this.sensor = new KnownSensor(current.id(), type, current.location(), current.owner(), current.keyHash());
		}
	}

	boolean mqtt5() {
		return this.version == MQTT_5;
	}

	/**
	 * Keeps a packet that arrived while CONNECT is being checked, to be read once it is
	 * answered.
	 * @return whether it was kept (it is then released later, not by the caller)
	 */
	boolean holdBack(Object msg) {
		if (!this.authenticating) {
			return false;
		}
		// packets sent right behind CONNECT wait until it is answered
		this.heldBack.add(msg);
		return true;
	}

	void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
		if (this.sensor != null) {
			this.connection.close("a second CONNECT");
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
		MqttConnection replaced = this.context.sessions().register(sensor.id().value(), this.connection);
		if (replaced != null && replaced != this.connection) {
			replaced.close("sensor " + sensor.id() + " connected again");
		}
		ctx.pipeline().remove(MqttServer.CONNECT_TIMEOUT);
		if (keepAlive > 0) {
			// MQTT: the server disconnects after one and a half keep-alive periods
			// without a packet
			ctx.pipeline()
				.addFirst(MqttServer.KEEP_ALIVE, new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
		}
		ctx.writeAndFlush(MqttPackets.connectionAccepted(mqtt5(), this.context.properties().maxInflight()));
		log.info("[sensor {}] MQTT {} connected from {}", sensor.id(), versionName(), MqttConnection.remote(ctx));
	}

	private void refuse(ChannelHandlerContext ctx, String why, boolean unavailable) {
		this.context.rejections().warn("MQTT connection from " + MqttConnection.remote(ctx) + " refused: " + why);
		ctx.writeAndFlush(MqttPackets.connectionRefused(mqtt5(), unavailable)).addListener(ChannelFutureListener.CLOSE);
	}

	private void replayHeldBack(ChannelHandlerContext ctx) {
		List<Object> held = new ArrayList<>(this.heldBack);
		this.heldBack.clear();
		for (Object msg : held) {
			this.connection.channelRead(ctx, msg);
		}
	}

	private void releaseHeldBack() {
		this.heldBack.forEach(ReferenceCountUtil::release);
		this.heldBack.clear();
	}

	/**
	 * The channel closed: what was held back is released, and the sensor is no longer
	 * connected here.
	 */
	void closed() {
		releaseHeldBack();
		if (this.sensor != null) {
			this.context.sessions().unregister(this.sensor.id().value(), this.connection);
			log.info("[sensor {}] MQTT disconnected", this.sensor.id());
		}
	}

	private String versionName() {
		return switch (this.version) {
			case 3 -> "3.1";
			case 4 -> "3.1.1";
			default -> String.valueOf(this.version);
		};
	}

}
