package io.iotp.appcontroller.app;

import java.util.List;

/**
 * What the app registry must know of deployments before it deletes an app: the
 * deployments that still need its zip. Implemented by the deployment feature, so apps do
 * not depend on deployments.
 */
public interface ActiveDeployments {

	/**
	 * Ids and states of the app's deployments that are scheduled, deploying, running or
	 * stopping.
	 */
	List<String> describeActive(String appId);

}
