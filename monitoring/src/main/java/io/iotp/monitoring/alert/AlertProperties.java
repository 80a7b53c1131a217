package io.iotp.monitoring.alert;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.iotp.contracts.alert.AlertSeverity;

/**
 * Alerts and their delivery.
 *
 * @param webhookUrl where every alert and every resolution is POSTed as JSON; none when
 * unset
 * @param webhookAttempts how often one delivery is tried before it is given up (recorded
 * on the alert)
 * @param webhookBackoff the wait before the second attempt; doubled for each further one
 * @param webhookTimeout how long one attempt may take
 * @param overloadCpuPercent a node whose CPU load reaches this is overloaded
 * @param overloadMemoryPercent a node whose used memory reaches this share of its
 * capacity is overloaded
 * @param overloadClearMargin an overloaded node is fine again once this many points below
 * the threshold
 * @param smtp e-mail delivery; off while no host is set
 */
@ConfigurationProperties("iotp.monitoring.alerts")
public record AlertProperties(@Nullable URI webhookUrl, @DefaultValue("5") int webhookAttempts,
		@DefaultValue("1s") Duration webhookBackoff, @DefaultValue("5s") Duration webhookTimeout,
		@DefaultValue("90") double overloadCpuPercent, @DefaultValue("90") double overloadMemoryPercent,
		@DefaultValue("10") double overloadClearMargin, @DefaultValue Smtp smtp) {

	/**
	 * Alerts by e-mail through an SMTP relay (plain SMTP, optional AUTH PLAIN; meant for
	 * a relay on the host or the local network, as there is no STARTTLS).
	 *
	 * @param host the relay; e-mail is off when unset
	 * @param port its port
	 * @param from the sender address
	 * @param to the recipients
	 * @param username for AUTH PLAIN, when the relay wants it
	 * @param password for AUTH PLAIN
	 * @param minSeverity alerts below this are not mailed
	 * @param timeout connect and read timeout
	 */
	public record Smtp(@Nullable String host, @DefaultValue("25") int port,
			@DefaultValue("iotp-monitoring@localhost") String from, @DefaultValue List<String> to,
			@Nullable String username, @Nullable String password, @DefaultValue("WARNING") AlertSeverity minSeverity,
			@DefaultValue("5s") Duration timeout) {

	}

}
