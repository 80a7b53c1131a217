package io.iotp.deployer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where users reach the platform, for the links the deployer hands out.
 *
 * @param gatewayUrl the API gateway's public URL ({@code iotp.gateway-url})
 */
@ConfigurationProperties("iotp")
public record GatewayLink(@DefaultValue("http://localhost:8080") String gatewayUrl) {

	/** The link of an app: its entry service behind the gateway. */
	public String appUrl(String app) {
		String base = this.gatewayUrl.endsWith("/") ? this.gatewayUrl.substring(0, this.gatewayUrl.length() - 1)
				: this.gatewayUrl;
		return base + "/apps/" + app + "/";
	}

}
