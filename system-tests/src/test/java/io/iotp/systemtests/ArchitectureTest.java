package io.iotp.systemtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * The layering of SPEC §2, checked on every module's compiled classes: services never depend on each
 * other (only on contracts and the starter), contracts depend on no Spring and no MongoDB, the
 * starter knows no service.
 */
class ArchitectureTest {

	/** Service module → its root package. */
	private static final Map<String, String> SERVICES = Map.of("app-controller", "io.iotp.appcontroller", "deployer",
			"io.iotp.deployer", "node-manager", "io.iotp.nodemanager", "node-agent", "io.iotp.nodeagent",
			"sensor-manager", "io.iotp.sensormanager", "monitoring", "io.iotp.monitoring", "logger", "io.iotp.logger",
			"api-gateway", "io.iotp.gateway", "bootstrapper", "io.iotp.bootstrapper");

	private static JavaClasses classes;

	@BeforeAll
	static void importEveryModule() {
		Path root = Path.of("").toAbsolutePath().getParent();
		List<Path> folders = new java.util.ArrayList<>();
		folders.add(root.resolve("contracts/target/classes"));
		folders.add(root.resolve("platform-starter/target/classes"));
		SERVICES.keySet().forEach(module -> folders.add(root.resolve(module).resolve("target/classes")));
		folders.forEach(folder -> {
			if (!Files.isDirectory(folder)) {
				throw new IllegalStateException(folder + " is missing: build every module before this test");
			}
		});
		classes = new ClassFileImporter().importPaths(folders);
	}

	@Test
	void servicesNeverDependOnEachOther() {
		SERVICES.forEach((module, rootPackage) -> {
			String[] others = SERVICES.values()
				.stream()
				.filter(other -> !other.equals(rootPackage))
				.map(other -> other + "..")
				.toArray(String[]::new);
			noClasses().that()
				.resideInAPackage(rootPackage + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(others)
				.because(module + " may use only contracts and platform-starter")
				.check(classes);
		});
	}

	@Test
	void contractsDependOnNoSpringAndNoMongo() {
		noClasses().that()
			.resideInAPackage("io.iotp.contracts..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..", "io.iotp.starter..")
			.because("contracts are plain Java that any service, tool or test can use")
			.check(classes);
	}

	@Test
	void theStarterKnowsNoService() {
		noClasses().that()
			.resideInAPackage("io.iotp.starter..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SERVICES.values().stream().map(p -> p + "..").toArray(String[]::new))
			.check(classes);
	}

}
