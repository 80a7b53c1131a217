package io.iotp.starter.heartbeat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The address a replica gives in its heartbeat, for the gateway to call it at. */
class HeartbeatUrlTest {

	@Test
	void theBoundAddressAndTheWebServersPort() {
		assertThat(HeartbeatPublisher.url(new MockEnvironment().withProperty("server.address", "127.0.0.42")
			.withProperty("local.server.port", "8084"))).isEqualTo("http://127.0.0.42:8084");
	}

	@Test
	void loopbackWhenItBindsEveryAddressOrNoneIsGiven() {
		assertThat(HeartbeatPublisher.url(new MockEnvironment().withProperty("local.server.port", "8081")))
			.isEqualTo("http://127.0.0.1:8081");
		assertThat(HeartbeatPublisher.url(new MockEnvironment().withProperty("server.address", "0.0.0.0")
			.withProperty("local.server.port", "8081"))).isEqualTo("http://127.0.0.1:8081");
	}

	@Test
	void anIpv6AddressInBrackets() {
		assertThat(HeartbeatPublisher
			.url(new MockEnvironment().withProperty("server.address", "::1").withProperty("local.server.port", "8081")))
			.isEqualTo("http://[::1]:8081");
	}

	@Test
	void noneWithoutAWebServer() {
		assertThat(HeartbeatPublisher.url(new MockEnvironment())).isNull();
	}

}
