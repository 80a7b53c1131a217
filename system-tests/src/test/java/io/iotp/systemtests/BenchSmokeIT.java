package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.iotp.bootstrapper.platform.Ports;
import io.iotp.testsupport.FleetNodeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every benchmark of {@code bench/} run as a user runs it, in its smoke mode (tiny counts
 * and durations), so that a benchmark that rots fails the suite: each must exit 0 and end
 * with its figures ({@code figures: {json}} with at least one number). Their values are
 * never checked. {@code bench/startup.sh --smoke} starts the platform all of them then
 * measure (ports shifted by a free offset, a data directory under target/), and the last,
 * the fault benchmark, kills one of its services; the platform is then stopped by
 * {@code iotp down}, and nothing of it may be left. The fleet benchmark starts a fleet of
 * its own, on containers of the test fleet's image.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchSmokeIT {

	private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

	private static final Path DATA = ROOT
		.resolve("system-tests/target/bench-smoke-" + UUID.randomUUID().toString().substring(0, 8));

	private static final int OFFSET = freeOffset();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static boolean started;

	@Test
	@Order(1)
	void startupStartsThePlatformTheOthersMeasure() {
		started = true;
		bench("startup", List.of("bench/startup.sh", "--smoke", "--keep-platform", "--data-dir", DATA.toString(),
				"--port-offset", Integer.toString(OFFSET)), Duration.ofMinutes(4));
	}

	@Test
	@Order(2)
	void sensorThroughput() {
		python("sensor_throughput", Duration.ofMinutes(3));
	}

	@Test
	@Order(3)
	void deployLatency() {
		python("deploy_latency", Duration.ofMinutes(2));
	}

	@Test
	@Order(4)
	void gatewayOverhead() {
		python("gateway_overhead", Duration.ofMinutes(2));
	}

	@Test
	@Order(5)
	void faultRecovery() {
		python("fault_recovery", Duration.ofMinutes(4));
	}

	@Test
	@Order(6)
	void fleetStart() throws Exception {
		FleetNodeContainer.require("BenchSmokeIT.fleetStart");
		// the fleet's nodes need this machine's cores, and the smoke platform has
		// served the other benchmarks
		stopSmokePlatform();
		bench("fleet_start", List.of("python3", "bench/fleet_start.py", "--smoke"), Duration.ofMinutes(10));
	}

	@AfterAll
	static void stop() throws Exception {
		stopSmokePlatform();
	}

	private static void stopSmokePlatform() throws Exception {
		if (!started) {
			return;
		}
		started = false;
		Process down = new ProcessBuilder(ROOT.resolve("iotp").toString(), "down", "--data-dir", DATA.toString(),
				"--port-offset", Integer.toString(OFFSET))
			.directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(down.waitFor(120, TimeUnit.SECONDS)).as("iotp down within 120 s").isTrue();
		assertThat(PlatformProcesses.of(DATA)).as("processes left after iotp down").isEmpty();
	}

	private static void python(String bench, Duration timeout) {
		assertThat(started).as("the smoke platform (bench/startup.sh --smoke)").isTrue();
		bench(bench, List.of("python3", "bench/" + bench + ".py", "--smoke", "--data-dir", DATA.toString(),
				"--port-offset", Integer.toString(OFFSET)), timeout);
	}

	/** Runs a benchmark, prints its output, and checks its exit code and figures. */
	private static void bench(String name, List<String> command, Duration timeout) {
		Instant begin = Instant.now();
		Path log = DATA.resolveSibling(DATA.getFileName() + "-" + name + ".log");
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).directory(ROOT.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				// asked first, so the benchmark removes what it started (the fleet's node
				// containers), then whatever is left is killed
				List<ProcessHandle> descendants = process.descendants().toList();
				process.destroy();
				process.waitFor(60, TimeUnit.SECONDS);
				descendants.forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				fail(String.join(" ", command) + " did not end within " + timeout.toSeconds() + " s: "
						+ Files.readString(log));
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			System.out.println("BENCH SMOKE " + String.join(" ", command) + " -> exit " + process.exitValue() + " in "
					+ Duration.between(begin, Instant.now()).toSeconds() + " s\n" + output);
			assertThat(process.exitValue()).as("exit code of %s; its output:%n%s", command, output).isZero();
			assertThat(figures(output)).as("the figures of %s", command)
				.anySatisfy((value) -> assertThat(value.isNumber()).isTrue());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The values of the last {@code figures: {json}} line. */
	private static List<JsonNode> figures(String output) {
		List<String> lines = output.lines().filter((line) -> line.startsWith("figures: ")).toList();
		assertThat(lines).as("a 'figures: {json}' line").isNotEmpty();
		return JSON.readTree(lines.getLast().substring("figures: ".length())).valueStream().toList();
	}

	/** An offset that puts every default port of the platform on a free port. */
	private static int freeOffset() {
		for (int offset = 6000; offset < 12000; offset += 250) {
			if (Ports.defaults().shiftedBy(offset).byOwner().values().stream().allMatch(BenchSmokeIT::free)) {
				return offset;
			}
		}
		throw new IllegalStateException("no port offset between 6000 and 12000 leaves every platform port free");
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
