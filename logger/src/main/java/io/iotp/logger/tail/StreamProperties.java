package io.iotp.logger.tail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live tail over server-sent events.
 *
 * @param heartbeat a comment line is sent after this much silence, so proxies keep the
 * stream open
 * @param buffer entries waiting per subscriber; a subscriber that falls further behind
 * loses the excess and is told how many with a {@code dropped} event
 * @param maxSubscribers streams open at once; more are refused with 503
 * @param maxDuration a stream ends after this long (EventSource clients reconnect by
 * themselves)
 */
@ConfigurationProperties("iotp.logger.stream")
public record StreamProperties(@DefaultValue("15s") Duration heartbeat, @DefaultValue("2000") int buffer,
		@DefaultValue("200") int maxSubscribers, @DefaultValue("30m") Duration maxDuration) {

}
