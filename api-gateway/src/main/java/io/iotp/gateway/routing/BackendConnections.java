package io.iotp.gateway.routing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.AttributeKey;

/**
 * Kept-alive connections from the gateway to app instances and services, one pool per
 * event loop, so a request and its forward run on one thread without locks or hand-overs.
 * A connection idle for longer than {@link #MAX_IDLE} is not used again: the other side
 * may be closing it just then (many servers drop idle connections after about 5 s), and a
 * request sent into a closing connection is lost.
 */
final class BackendConnections {

	static final Duration MAX_IDLE = Duration.ofSeconds(3);

	/**
	 * Idle connections kept per target and event loop; more than the load tools of a
	 * 2-core node use.
	 */
	private static final int MAX_IDLE_PER_TARGET = 64;

	private static final AttributeKey<Long> IDLE_SINCE = AttributeKey.valueOf("iotp.idleSince");

	private static final AttributeKey<BackendHandler> HANDLER = AttributeKey.valueOf("iotp.backendHandler");

	private final Map<EventLoop, Map<String, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();

	private final int connectTimeoutMillis;

	BackendConnections(int connectTimeoutMillis) {
		this.connectTimeoutMillis = connectTimeoutMillis;
	}

	/**
	 * An idle connection to {@code host:port} on {@code loop}, if one is fit to use;
	 * otherwise {@code null} and the caller {@link #connect}s. Called on {@code loop}.
	 */
	@Nullable Channel idle(EventLoop loop, String host, int port) {
		ArrayDeque<Channel> channels = idleOf(loop, host, port);
		long freshSince = System.nanoTime() - MAX_IDLE.toNanos();
		Channel channel;
		while ((channel = channels.pollLast()) != null) {
			Long since = channel.attr(IDLE_SINCE).get();
			if (channel.isActive() && since != null && since - freshSince > 0) {
				return channel;
			}
			channel.close();
		}
		return null;
	}

	/**
	 * A new connection on {@code loop}, of the same transport as {@code like} (epoll or
	 * NIO).
	 */
	ChannelFuture connect(EventLoop loop, Class<? extends Channel> like, String host, int port) {
		ChannelFuture connecting = new Bootstrap().group(loop)
			.channel(like)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, this.connectTimeoutMillis)
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(new ChannelInitializer<>() {
				@Override
				protected void initChannel(Channel channel) {
					BackendHandler handler = new BackendHandler();
					channel.attr(HANDLER).set(handler);
					channel.pipeline().addLast(new HttpClientCodec(), handler);
				}
			})
			.connect(host, port);
		Channel channel = connecting.channel();
		channel.closeFuture().addListener((closed) -> idleOf(loop, host, port).remove(channel));
		return connecting;
	}

	/** The handler of a connection made by {@link #connect}. */
	static BackendHandler handlerOf(Channel channel) {
		return channel.attr(HANDLER).get();
	}

	/**
	 * Keeps a connection whose last exchange ended cleanly for the next request. Called
	 * on its loop.
	 */
	void release(Channel channel, String host, int port) {
		ArrayDeque<Channel> channels = idleOf(channel.eventLoop(), host, port);
		if (!channel.isActive() || channels.size() >= MAX_IDLE_PER_TARGET) {
			channel.close();
			return;
		}
		channel.attr(IDLE_SINCE).set(System.nanoTime());
		channels.addLast(channel);
	}

	private ArrayDeque<Channel> idleOf(EventLoop loop, String host, int port) {
		return this.idle.computeIfAbsent(loop, (any) -> new HashMap<>())
			.computeIfAbsent(host + ":" + port, (any) -> new ArrayDeque<>());
	}

}
