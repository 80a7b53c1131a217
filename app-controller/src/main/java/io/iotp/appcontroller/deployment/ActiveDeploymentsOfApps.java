package io.iotp.appcontroller.deployment;

import java.util.List;

import org.springframework.stereotype.Component;

import io.iotp.appcontroller.app.ActiveDeployments;

/** Tells the app registry which deployments still need an app. */
@Component
class ActiveDeploymentsOfApps implements ActiveDeployments {

	private final DeploymentStore store;

	ActiveDeploymentsOfApps(DeploymentStore store) {
		this.store = store;
	}

	@Override
	public List<String> describeActive(String appId) {
		return this.store.findActive(appId)
			.stream()
			.map((deployment) -> deployment.id() + " (" + deployment.status() + ")")
			.toList();
	}

}
