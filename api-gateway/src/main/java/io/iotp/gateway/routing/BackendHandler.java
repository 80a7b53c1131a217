package io.iotp.gateway.routing;

import org.jspecify.annotations.Nullable;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The gateway's end of one connection to an app instance or a service: hands what the
 * target answers to the exchange the connection serves at the moment. A connection serves
 * one exchange at a time and none while it waits in the pool; anything the target sends
 * then is a protocol error and ends the connection.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

	/** Who a connection answers to. */
	interface Receiver {

		/**
		 * A response head, a part of the body, or its end (all from the connection's
		 * codec).
		 */
		void answered(Object message);

		/**
		 * The end of a read from the connection: the time to flush what was passed on.
		 */
		void readComplete();

		/** The connection ended or failed before the exchange was over. */
		void lost(Throwable cause);

		/** The connection can take more (or no more) of the request's body. */
		void writabilityChanged(boolean writable);

	}

	private @Nullable Receiver receiver;

	void attach(Receiver receiver) {
		this.receiver = receiver;
	}

	void detach() {
		this.receiver = null;
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		Receiver current = this.receiver;
		if (current == null) {
			ReferenceCountUtil.release(message);
			context.close();
			return;
		}
		current.answered(message);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext context) {
		Receiver current = this.receiver;
		if (current != null) {
			current.readComplete();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext context) {
		Receiver current = this.receiver;
		this.receiver = null;
		if (current != null) {
			current.lost(new java.nio.channels.ClosedChannelException());
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
		Receiver current = this.receiver;
		this.receiver = null;
		context.close();
		if (current != null) {
			current.lost(cause);
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext context) {
		Receiver current = this.receiver;
		if (current != null) {
			current.writabilityChanged(context.channel().isWritable());
		}
	}

}
