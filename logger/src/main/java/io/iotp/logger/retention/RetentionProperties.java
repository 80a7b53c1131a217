package io.iotp.logger.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long log entries are kept.
 *
 * @param maxAge entries logged longer ago than this are deleted
 * @param interval how often the deletion runs (the first run is one interval after start)
 */
@ConfigurationProperties("iotp.logger.retention")
public record RetentionProperties(@DefaultValue("7d") Duration maxAge, @DefaultValue("1m") Duration interval) {

}
