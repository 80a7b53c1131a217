package io.iotp.appcontroller.deployment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a deployment request may ask for.
 *
 * @param minCronInterval the shortest time a cron schedule may leave between two runs; a
 * run deploys the app again, so an expression that fires every second is refused
 */
@ConfigurationProperties("iotp.app-controller.deployments")
public record DeploymentRequestProperties(@DefaultValue("1m") Duration minCronInterval) {

}
