package io.iotp.logger.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the log query and download endpoints.
 *
 * @param defaultLimit entries per page when {@code limit} is not given
 * @param maxLimit most entries per page
 * @param downloadMax most entries in one download (also its default)
 */
@ConfigurationProperties("iotp.logger.query")
public record QueryProperties(@DefaultValue("100") int defaultLimit, @DefaultValue("1000") int maxLimit,
		@DefaultValue("100000") int downloadMax) {

}
