package io.iotp.appcontroller.status;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Applying the deployer's reports.
 *
 * @param retryFor how long a report that cannot be applied (MongoDB unreachable, say) is
 * retried, with growing pauses, before it is logged and skipped
 * @param maxRetryInterval the longest pause between two retries
 */
@ConfigurationProperties("iotp.app-controller.status")
public record StatusProperties(@DefaultValue("10m") Duration retryFor, @DefaultValue("30s") Duration maxRetryInterval) {

}
