package io.iotp.sensormanager.binding;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

import io.iotp.contracts.TopicNames;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.messaging.Envelope;
import io.iotp.starter.PlatformIdentity;

/**
 * The sensor-manager side of the
 * {@code sensor-binding-request}/{@code sensor-binding-response} request-reply: the
 * answer goes to the reply topic the deployer named, with its correlation id (Spring
 * Kafka copies it). Replicas share the requests through the service's consumer group.
 */
@Component
class BindingResponder {

	private static final Logger log = LoggerFactory.getLogger(BindingResponder.class);

	private final BindingService bindings;

	private final PlatformIdentity identity;

	BindingResponder(BindingService bindings, PlatformIdentity identity) {
		this.bindings = bindings;
		this.identity = identity;
	}

	@KafkaListener(topics = TopicNames.SENSOR_BINDING_REQUEST)
	@SendTo
	Envelope<SensorBindingResponse> onRequest(Envelope<SensorBindingRequest> envelope) {
		SensorBindingRequest request = envelope.payload();
		MDC.put("deploymentId", request.deploymentId().value());
		MDC.put("app", request.app().value());
		try {
			return Envelope.of(this.identity.componentId(), envelope.correlationId(), answer(request, envelope.time()));
		}
		finally {
			MDC.remove("deploymentId");
			MDC.remove("app");
		}
	}

	private SensorBindingResponse answer(SensorBindingRequest request, Instant requestedAt) {
		try {
			return this.bindings.bind(request, requestedAt);
		}
		catch (PlatformException ex) {
			// Kafka trouble: say so (retriable) rather than let the deployer wait for its
			// timeout.
			log.warn("[deployment {}] binding failed: {}", request.deploymentId(), ex.getMessage());
			return SensorBindingResponse.unavailable(request.requestId(), request.deploymentId(),
					"sensor-manager could not bind now: " + ex.getMessage());
		}
		catch (DataAccessException ex) {
			log.warn("[deployment {}] binding failed, MongoDB: {}", request.deploymentId(), ex.getMessage());
			return SensorBindingResponse.unavailable(request.requestId(), request.deploymentId(),
					"sensor-manager could not read or store sensors now: " + ex.getMessage());
		}
	}

}
