package io.iotp.nodeagent.docker;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine of this node, as far as the agent uses it: whether it answers, and
 * the network app containers are attached to.
 */
public final class DockerEngine implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);

	private static final String NODE_LABEL = "io.iotp.node";

	private final DockerClient client;

	private final DockerProperties properties;

	public DockerEngine(DockerProperties properties) {
		this.properties = properties;
		DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder();
		if (properties.host() != null) {
			config.withDockerHost(properties.host());
		}
		DefaultDockerClientConfig built = config.build();
		URI host = built.getDockerHost();
		// a wait for a container's exit holds a connection for the container's life
		ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(host)
			.sslConfig(built.getSSLConfig())
			.maxConnections(1024)
			.connectionTimeout(Duration.ofSeconds(5))
			.build();
		this.client = DockerClientImpl.getInstance(built, http);
	}

	public DockerClient client() {
		return this.client;
	}

	public DockerProperties properties() {
		return this.properties;
	}

	/** Whether the engine answers; says why in the log when it does not. */
	public boolean reachable() {
		try {
			this.client.pingCmd().exec();
			return true;
		}
		catch (RuntimeException ex) {
			log.info("Docker engine not reachable: {}", ex.toString());
			return false;
		}
	}

	/** Whether the engine has the image {@code reference}. */
	public boolean hasImage(String reference) {
		try {
			this.client.inspectImageCmd(reference).exec();
			return true;
		}
		catch (NotFoundException ex) {
			return false;
		}
	}

	/**
	 * Gives the image {@code source} (an id or a reference) the name {@code reference}
	 * ({@code repository:tag}), taking it from any image that had it.
	 */
	public void tag(String source, String reference) {
		int colon = reference.lastIndexOf(':');
		this.client.tagImageCmd(source, reference.substring(0, colon), reference.substring(colon + 1))
			.withForce()
			.exec();
	}

	/**
	 * The network app containers are attached to, made when missing: a bridge whose
	 * containers cannot reach each other ({@code icc} off). Not an internal one: Docker
	 * publishes no port of a container on an internal network, and the gateway reaches
	 * instances at their published ports.
	 * @return the address of this machine on that network
	 */
	public String appNetworkGateway(String nodeId) {
		String name = this.properties.network();
		Network network;
		try {
			network = this.client.inspectNetworkCmd().withNetworkId(name).exec();
		}
		catch (NotFoundException ex) {
			log.info("creating Docker network {} for app containers", name);
			this.client.createNetworkCmd()
				.withName(name)
				.withDriver("bridge")
				.withCheckDuplicate(true)
				.withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
				.withLabels(Map.of(NODE_LABEL, nodeId))
				.exec();
			network = this.client.inspectNetworkCmd().withNetworkId(name).exec();
		}
		List<Network.Ipam.Config> configs = network.getIpam().getConfig();
		if (configs == null || configs.isEmpty() || configs.getFirst().getGateway() == null) {
			throw new IllegalStateException("Docker network " + name + " has no gateway address");
		}
		return configs.getFirst().getGateway();
	}

	@Override
	public void close() {
		try {
			this.client.close();
		}
		catch (java.io.IOException ex) {
			log.debug("closing the Docker client: {}", ex.toString());
		}
	}

}
