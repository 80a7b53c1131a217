package io.iotp.nodeagent.instance;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.contracts.app.RuntimeKind;
import io.iotp.nodeagent.appuser.AppUsers;
import io.iotp.nodeagent.appuser.AppUsersProperties;
import io.iotp.nodeagent.artifact.ArtifactUnpacker;
import io.iotp.nodeagent.docker.DockerEngine;
import io.iotp.nodeagent.docker.DockerProperties;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.node.NodeProperties;
import io.iotp.nodeagent.node.Runtimes;
import io.iotp.nodeagent.state.InstanceStateStore;
import io.iotp.starter.MessagePublisher;
import io.iotp.starter.blob.BlobStore;

/** Running instances: the supervisor and what it is made of. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ DockerProperties.class, AppUsersProperties.class })
class InstanceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(InstanceConfiguration.class);

	@Bean
	InstanceSupervisor instanceSupervisor(NodeProperties properties, DockerProperties docker, AppUsers users,
			BlobStore blobs, Runtimes runtimes, MessagePublisher publisher, InstanceStateStore store, AppLogs appLogs) {
		InstanceRuntime processes = new ProcessRuntime(
				new InstanceLauncher(runtimes, properties.inheritEnv(), properties.address(), users));
		return new InstanceSupervisor(properties, users,
				new ArtifactUnpacker(blobs, properties.resolvedWorkDir().resolve("tmp")),
				new RuntimeChoice(processes, containers(properties, docker)),
				new HealthChecker(properties.address(), properties.healthTimeout(), properties.workerGrace()),
				new StatusReporter(publisher, properties.nodeId(), properties.address()), store, appLogs,
				new PortAllocator(properties.portRange()));
	}

	/**
	 * The container runtime, when this node runs apps in containers: always when the mode
	 * is {@code on}, when the engine answers and the base images are there when it is
	 * {@code auto}.
	 * @throws IllegalStateException when the mode is {@code on} and the engine does not
	 * answer
	 */
	private static @Nullable DockerRuntime containers(NodeProperties properties, DockerProperties docker) {
		if (docker.mode() == DockerProperties.Mode.OFF) {
			return null;
		}
		DockerEngine engine = new DockerEngine(docker);
		if (!engine.reachable()) {
			engine.close();
			if (docker.mode() == DockerProperties.Mode.ON) {
				throw new IllegalStateException("iotp.node.docker.mode is 'on' but the Docker engine does not answer"
						+ " (DOCKER_HOST or /var/run/docker.sock); start it or set the mode to 'auto'");
			}
			log.info("apps run as processes on node {}: the Docker engine does not answer", properties.id());
			return null;
		}
		String python = docker.baseImageOf(RuntimeKind.PYTHON);
		if (docker.mode() == DockerProperties.Mode.AUTO && !engine.hasImage(python)) {
			engine.close();
			log.info("apps run as processes on node {}: base image {} is missing (make it with 'iotp images')",
					properties.id(), python);
			return null;
		}
		log.info("apps run in containers on node {}", properties.id());
		return new DockerRuntime(engine, properties.id(), properties.resolvedWorkDir(), properties.address());
	}

	/** Closed by the supervisor, and only when it stopped every instance. */
	@Bean(destroyMethod = "")
	AppUsers appUsers(AppUsersProperties appUsers, NodeProperties properties) {
		return AppUsers.of(appUsers, properties.portRange(), properties.resolvedWorkDir());
	}

	@Bean
	InstanceStateStore instanceStateStore(NodeProperties properties) {
		return new InstanceStateStore(properties.resolvedWorkDir().resolve("state"));
	}

	@Bean
	AppLogs appLogs(MessagePublisher publisher, NodeProperties properties) {
		return new AppLogs(publisher, properties.logPollInterval(), properties.logTailLines());
	}

	@Bean
	InstanceLifecycle instanceLifecycle(NodeProperties properties, InstanceSupervisor supervisor) {
		return new InstanceLifecycle(properties, supervisor);
	}

}
