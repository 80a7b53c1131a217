package io.iotp.nodeagent.instance;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.iotp.nodeagent.artifact.ArtifactUnpacker;
import io.iotp.nodeagent.logs.AppLogs;
import io.iotp.nodeagent.node.NodeProperties;
import io.iotp.nodeagent.node.Runtimes;
import io.iotp.nodeagent.state.InstanceStateStore;
import io.iotp.starter.MessagePublisher;
import io.iotp.starter.blob.BlobStore;

/** Running instances as processes: the supervisor and what it is made of. */
@Configuration(proxyBeanMethods = false)
class InstanceConfiguration {

	@Bean
	InstanceSupervisor instanceSupervisor(NodeProperties properties, BlobStore blobs, Runtimes runtimes,
			MessagePublisher publisher, InstanceStateStore store, AppLogs appLogs) {
		return new InstanceSupervisor(properties,
				new ArtifactUnpacker(blobs, properties.resolvedWorkDir().resolve("tmp")),
				new ProcessRuntime(new InstanceLauncher(runtimes, properties.inheritEnv(), properties.address())),
				new HealthChecker(properties.healthTimeout(), properties.workerGrace()),
				new StatusReporter(publisher, properties.nodeId(), properties.address()), store, appLogs,
				new PortAllocator(properties.portRange()));
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
