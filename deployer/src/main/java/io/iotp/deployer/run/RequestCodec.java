package io.iotp.deployer.run;

import org.springframework.stereotype.Component;

import io.iotp.contracts.deployment.DeploymentRequested;
import tools.jackson.databind.json.JsonMapper;

/** The stored form of a run's request: the contract's own JSON. */
@Component
class RequestCodec {

	private final JsonMapper json = JsonMapper.builder().build();

	String encode(DeploymentRequested request) {
		return this.json.writeValueAsString(request);
	}

	DeploymentRequested decode(DeploymentRun run) {
		return this.json.readValue(run.requestJson(), DeploymentRequested.class);
	}

}
