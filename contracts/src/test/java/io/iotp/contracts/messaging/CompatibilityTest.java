package io.iotp.contracts.messaging;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.deployment.DeploymentStatusChanged;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.placement.BestNodeRequest;
import io.iotp.contracts.instance.InstanceStatusChanged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fields are only ever added compatibly: a consumer must read messages from older senders
 * (a list field missing) and from newer ones (a field it does not know).
 */
class CompatibilityTest {

	private final EnvelopeCodec codec = new EnvelopeCodec();

	@Test
	void missingCollectionsDecodeAsEmptyAndMissingFlagsAsFalse() {
		Envelope<Message> decoded = decode("best-node-request", """
				{"requestId":"r-1","deploymentId":"d-1","app":"greenhouse","service":"dashboard",
				 "runtime":"python","resources":{"cpu":0.5,"memoryMb":256}}""");

		assertThat(decoded.payload()).isInstanceOfSatisfying(BestNodeRequest.class, (request) -> {
			assertThat(request.excludeNodes()).isEmpty();
			assertThat(request.containersOnly()).isFalse();
		});
	}

	@Test
	void unknownFieldsAreIgnored() {
		Envelope<Message> decoded = decode("deployment-status-changed", """
				{"deploymentId":"d-1","app":"greenhouse","status":"RUNNING","instances":[],
				 "at":"2026-03-01T08:00:00Z","addedInAFutureVersion":{"x":1}}""");

		assertThat(decoded.payload()).isInstanceOfSatisfying(DeploymentStatusChanged.class,
				(status) -> assertThat(status.reason()).isNull());
	}

	@Test
	void anUnboundAnswerSaysWhyAndWhetherItIsWorthRetrying() {
		Envelope<Message> decoded = decode("sensor-binding-response", """
				{"requestId":"q-1","deploymentId":"d-1","bound":false,
				 "reason":"needs 2 'temperature' sensor(s), found 1","errorCode":"deployment.sensors-unavailable"}""");

		assertThat(decoded.payload()).isInstanceOfSatisfying(SensorBindingResponse.class, (response) -> {
			assertThat(response.services()).isEmpty();
			assertThat(ErrorCodes.byCode(response.errorCode())).contains(ErrorCodes.DEPLOYMENT_SENSORS_UNAVAILABLE);
		});
		assertThatThrownBy(() -> decode("sensor-binding-response", """
				{"requestId":"q-1","deploymentId":"d-1","bound":false}""")).hasStackTraceContaining("must say why");
	}

	@Test
	void aBoundAnswerOfAnOlderSenderHasNoAppToken() {
		Envelope<Message> decoded = decode("sensor-binding-response", """
				{"requestId":"q-1","deploymentId":"d-1","bound":true,"reason":null,"errorCode":null,
				 "services":[{"service":"monitor","delivery":"kafka","topic":"app.greenhouse.monitor.sensor-data",
				 "sensors":[{"id":"t-1","type":"temperature","location":"greenhouse-1"}]}]}""");

		assertThat(decoded.payload()).isInstanceOfSatisfying(SensorBindingResponse.class, (response) -> {
			assertThat(response.bound()).isTrue();
			assertThat(response.services()).hasSize(1);
			assertThat(response.appToken()).isNull();
		});
	}

	@Test
	void aStatusOfAnOlderAgentSaysNothingOfItsRuntime() {
		Envelope<Message> decoded = decode("instance-status-changed", """
				{"instanceId":"i-1","deploymentId":"d-1","nodeId":"n-1","app":"greenhouse","service":"web",
				 "state":"HEALTHY","endpoint":"127.0.0.1:20000","pid":42,"exitCode":null,"reason":null,
				 "restarts":0,"at":"2026-03-01T08:00:00Z"}""");

		assertThat(decoded.payload()).isInstanceOfSatisfying(InstanceStatusChanged.class,
				(status) -> assertThat(status.runtime()).isNull());
	}

	@Test
	void unknownTypeIsRejectedByName() {
		assertThatThrownBy(() -> decode("no-such-type", "{}")).isInstanceOf(UnknownMessageTypeException.class)
			.hasMessageContaining("no-such-type");
	}

	@Test
	void missingRequiredIdIsRejected() {
		assertThatThrownBy(() -> decode("stop-deployment", "{\"reason\":\"bye\"}"))
			.hasStackTraceContaining("deploymentId");
	}

	private Envelope<Message> decode(String type, String payload) {
		String json = """
				{"id":"m-1","type":"%s","source":"test","time":"2026-03-01T08:00:00Z","correlationId":null,
				 "payload":%s}""".formatted(type, payload);
		return this.codec.decode(json.getBytes(StandardCharsets.UTF_8));
	}

}
