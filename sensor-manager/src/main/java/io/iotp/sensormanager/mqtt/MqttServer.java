package io.iotp.sensormanager.mqtt;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.iotp.sensormanager.command.Commands;
import io.iotp.sensormanager.ingest.DeviceAuthenticator;
import io.iotp.sensormanager.ingest.Ingestion;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded MQTT 3.1.1 and 5 server (Netty's codec). Starts with the context and stops
 * first on shutdown: no new connections, reading paused, readings already received given
 * {@code shutdown-grace} to be acknowledged by Kafka (and PUBACKed), then every
 * connection closed (MQTT 5 with reason 0x8B).
 */
@Component
public class MqttServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MqttServer.class);

	static final String CONNECT_TIMEOUT = "connect-timeout";

	static final String KEEP_ALIVE = "keep-alive";

	private final MqttProperties properties;

	private final DeviceAuthenticator authenticator;

	private final Ingestion ingestion;

	private final Commands commands;

	private final MqttSessions sessions;

	private final JsonMapper json;

	/**
	 * Made anew by every start: a paused test context, or a restart, stops and starts the
	 * server again.
	 */
	private @Nullable ExecutorService blocking;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private @Nullable EventLoopGroup boss;

	private @Nullable EventLoopGroup workers;

	private @Nullable Channel listener;

	private volatile int port = -1;

	MqttServer(MqttProperties properties, DeviceAuthenticator authenticator, Ingestion ingestion, Commands commands,
			MqttSessions sessions, JsonMapper json) {
		this.properties = properties;
		this.authenticator = authenticator;
		this.ingestion = ingestion;
		this.commands = commands;
		this.sessions = sessions;
		this.json = json;
	}

	/**
	 * The port it listens on (the real one when configured as 0); -1 when not running.
	 */
	public int port() {
		return this.port;
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			log.info("MQTT server disabled (iotp.sensors.mqtt.enabled=false)");
			return;
		}
		ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
		MqttContext context = new MqttContext(this.properties, this.authenticator, this.ingestion, this.commands,
				this.sessions, this.json, blocking, new RateLimitedLog(LoggerFactory.getLogger(MqttConnection.class),
						this.properties.rejectionLogInterval()));
		this.blocking = blocking;
		this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		this.workers = new MultiThreadIoEventLoopGroup(this.properties.workerThreads(), NioIoHandler.newFactory());
		int maxMessage = (int) Math.min(Integer.MAX_VALUE, this.properties.maxMessageSize().toBytes());
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.boss, this.workers)
			.channel(NioServerSocketChannel.class)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					MqttServer.this.connections.add(channel);
					channel.pipeline()
						.addLast(CONNECT_TIMEOUT,
								new IdleStateHandler(MqttServer.this.properties.connectTimeout().toMillis(), 0, 0,
										TimeUnit.MILLISECONDS))
						.addLast("decoder", new MqttDecoder(maxMessage))
						.addLast("encoder", MqttEncoder.INSTANCE)
						.addLast("device", new MqttConnection(context));
				}
			});
		try {
			this.listener = bootstrap.bind(this.properties.host(), this.properties.port()).sync().channel();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while binding the MQTT port", ex);
		}
		catch (RuntimeException ex) {
			shutdownGroups();
			throw new IllegalStateException("MQTT server cannot listen on " + this.properties.host() + ":"
					+ this.properties.port() + ": " + ex.getMessage(), ex);
		}
		this.port = ((InetSocketAddress) this.listener.localAddress()).getPort();
		log.info("MQTT server listening on {}:{}", this.properties.host(), this.port);
	}

	@Override
	public void stop() {
		Channel listening = this.listener;
		if (listening == null) {
			return;
		}
		listening.close().syncUninterruptibly();
		this.connections.forEach((channel) -> channel.config().setAutoRead(false));
		awaitInflight();
		for (MqttConnection connection : this.sessions.all()) {
			connection.disconnect(ReasonCodes.SERVER_SHUTTING_DOWN, "the server is shutting down");
		}
		this.connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
		shutdownGroups();
		if (this.blocking != null) {
			this.blocking.shutdown();
		}
		this.listener = null;
		this.port = -1;
		log.info("MQTT server stopped");
	}

	private void awaitInflight() {
		long deadline = System.nanoTime() + this.properties.shutdownGrace().toNanos();
		while (System.nanoTime() < deadline && inflight() > 0) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private int inflight() {
		int total = 0;
		for (Channel channel : this.connections) {
			MqttConnection connection = channel.pipeline().get(MqttConnection.class);
			if (connection != null) {
				// read on the event loop's thread would be exact; a stale count only
				// shortens the wait
				total += connection.inflight();
			}
		}
		return total;
	}

	private void shutdownGroups() {
		if (this.boss != null) {
			this.boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
		}
		if (this.workers != null) {
			this.workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	@Override
	public boolean isRunning() {
		return this.listener != null;
	}

}
