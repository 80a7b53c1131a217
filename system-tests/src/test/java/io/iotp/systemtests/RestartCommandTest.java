package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.iotp.bootstrapper.platform.ComponentSpec;
import io.iotp.bootstrapper.platform.PlatformComponents;
import io.iotp.bootstrapper.platform.PlatformException;
import io.iotp.bootstrapper.platform.PlatformLayout;
import io.iotp.bootstrapper.platform.Ports;
import io.iotp.bootstrapper.platform.RestartCommand;

/**
 * The command monitoring is given to bring a dead component back: the same platform's
 * iotp up.
 */
class RestartCommandTest {

	private final Ports ports = Ports.defaults().shiftedBy(10000);

	private final PlatformLayout layout = new PlatformLayout(Path.of("/opt/iotp"), Path.of("/var/iotp"), this.ports,
			null, "/usr/bin/java", PlatformLayout.DEFAULT_SERVICE_JVM_OPTIONS,
			List.of("--iotp.deployer.duration-unit=1s"));

	@Test
	void portsRoundTripByName() {
		String argument = RestartCommand.portsArgument(this.ports);

		assertThat(argument).startsWith("gateway=18080,appController=18081").contains("ldap=13389");
		assertThat(RestartCommand.parsePorts(argument)).isEqualTo(this.ports);
		assertThatThrownBy(() -> RestartCommand.parsePorts("gateway=1")).isInstanceOf(PlatformException.class)
			.hasMessageContaining("no port for appController");
	}

	@Test
	void monitoringIsGivenTheUpCommandOfItsOwnPlatformAsIndexedArguments() {
		ComponentSpec monitoring = new PlatformComponents(this.layout, "test").services()
			.stream()
			.filter(spec -> spec.name().equals("monitoring"))
			.findFirst()
			.orElseThrow();

		assertThat(monitoring.command())
			.containsSubsequence("--iotp.monitoring.restart.command[0]=/usr/bin/java",
					"--iotp.monitoring.restart.command[2]=-cp",
					"--iotp.monitoring.restart.command[3]=/opt/iotp/bootstrapper/target/bootstrapper.jar",
					"--iotp.monitoring.restart.command[4]=io.iotp.bootstrapper.IotpCli",
					"--iotp.monitoring.restart.command[5]=up", "--iotp.monitoring.restart.command[6]=--data-dir",
					"--iotp.monitoring.restart.command[7]=/var/iotp")
			.contains("--iotp.monitoring.restart.command[10]=--ports=" + RestartCommand.portsArgument(this.ports))
			.contains("--iotp.monitoring.restart.command[11]=--service-arg=--iotp.deployer.duration-unit=1s")
			.contains("--iotp.monitoring.restart.log-file=/var/iotp/logs/monitoring-restarts.log");
		assertThat(new PlatformComponents(this.layout, "test").services()
			.stream()
			.filter(spec -> !spec.name().equals("monitoring"))
			.flatMap(spec -> spec.command().stream())).noneMatch(argument -> argument.contains("monitoring.restart"));
	}

}
