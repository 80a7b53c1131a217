package io.iotp.deployer.binding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import io.iotp.contracts.Topics;
import io.iotp.contracts.app.SensorDelivery;
import io.iotp.contracts.app.ServiceSpec;
import io.iotp.contracts.binding.SensorBindingRequest;
import io.iotp.contracts.binding.SensorBindingResponse;
import io.iotp.contracts.binding.ServiceBinding;
import io.iotp.contracts.deployment.DeploymentRequested;
import io.iotp.contracts.errors.ErrorCode;
import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.contracts.sensor.BoundSensor;
import io.iotp.deployer.kafka.RequestReplyChannel;
import io.iotp.starter.PlatformIdentity;

/**
 * Asks sensor-manager to bind a deployment's sensors ({@code sensor-binding-request} /
 * {@code sensor-binding-response}). A timeout is retried (the request is idempotent); a
 * "not bound" answer is final and fails the deployment with its reason.
 */
@Component
public class SensorBindingClient implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SensorBindingClient.class);

	private final RequestReplyChannel<SensorBindingRequest, SensorBindingResponse> channel;

	private final SensorBindingProperties properties;

	SensorBindingClient(ProducerFactory<Object, Object> producers, ConsumerFactory<Object, Object> consumers,
			PlatformIdentity identity, SensorBindingProperties properties) {
		this.channel = new RequestReplyChannel<>("sensor-binding-replies", Topics.SENSOR_BINDING_REQUEST,
				Topics.SENSOR_BINDING_RESPONSE, properties.timeout(), producers, consumers, identity);
		this.properties = properties;
	}

	/**
	 * Whether the deployment asks for sensors at all; without, nothing is asked and
	 * nothing is bound.
	 */
	public static boolean needsBinding(DeploymentRequested request) {
		return !request.sensors().isEmpty() || !request.sensorBindings().isEmpty();
	}

	/**
	 * Binds the deployment's sensors.
	 * @return per service with sensors, its sensors (services without are absent), and
	 * the run's app token
	 * @throws PlatformException {@code deployment.sensors-unavailable} when the sensors
	 * are not there, {@code service.unavailable} when sensor-manager could not bind them
	 * now, {@code deployment.sensor-binding-timeout} when it never answered
	 */
	public Binding bind(DeploymentRequested request) {
		Map<String, SensorDelivery> deliveries = new LinkedHashMap<>();
		for (ServiceSpec service : request.services()) {
			deliveries.put(service.name(), service.sensorDelivery());
		}
		SensorBindingRequest question = new SensorBindingRequest(UUID.randomUUID().toString(), request.deploymentId(),
				request.app(), request.owner(), request.sensors(), request.sensorBindings(), deliveries);
		for (int attempt = 1; attempt <= this.properties.attempts(); attempt++) {
			try {
				SensorBindingResponse response = this.channel.ask(question, this.properties.timeout());
				if (!response.bound()) {
					// too few sensors is final; sensor-manager's own trouble
					// (service.unavailable) is retriable
					ErrorCode code = (response.errorCode() != null)
							? ErrorCodes.byCode(response.errorCode()).orElse(ErrorCodes.DEPLOYMENT_SENSORS_UNAVAILABLE)
							: ErrorCodes.DEPLOYMENT_SENSORS_UNAVAILABLE;
					throw new PlatformException(code, "sensors not bound: " + response.reason());
				}
				Map<String, List<BoundSensor>> bound = new LinkedHashMap<>();
				for (ServiceBinding binding : response.services()) {
					bound.put(binding.service(), binding.sensors());
				}
				log.info("[deployment {}] sensors bound: {}{}", request.deploymentId(),
						bound.entrySet()
							.stream()
							.map((entry) -> entry.getKey() + "=" + entry.getValue().size())
							.toList(),
						(response.appToken() != null) ? ", with an app token" : ", without an app token");
				return new Binding(bound, response.appToken());
			}
			catch (TimeoutException | ExecutionException ex) {
				log.warn("[deployment {}] no binding answer from sensor-manager (attempt {} of {}): {}",
						request.deploymentId(), attempt, this.properties.attempts(), ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new PlatformException(ErrorCodes.DEPLOYMENT_SENSOR_BINDING_TIMEOUT,
				"sensor-manager did not answer which sensors to bind after " + this.properties.attempts()
						+ " attempts of " + this.properties.timeout().toSeconds() + " s");
	}

	@Override
	public void start() {
		this.channel.start();
	}

	@Override
	public void stop() {
		this.channel.stop();
	}

	@Override
	public boolean isRunning() {
		return this.channel.isRunning();
	}

}
