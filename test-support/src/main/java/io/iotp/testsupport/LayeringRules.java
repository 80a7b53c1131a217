package io.iotp.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of SPEC §2, as each module checks it on its own main classes in its own
 * test phase, so a wrong import fails the build of the module that made it: a service
 * uses only contracts and platform-starter (never another service), and the starter knows
 * no service. Contracts check their own rule (no Spring, no MongoDB) in their
 * {@code LayeringTest}: this module depends on them, so they cannot depend on it.
 */
public final class LayeringRules {

	private static final String CONTRACTS = "io.iotp.contracts..";

	private static final String STARTER = "io.iotp.starter..";

	private LayeringRules() {
	}

	/**
	 * Fails unless the service's main classes below {@code rootPackage} keep to its
	 * layer.
	 */
	public static void checkService(String rootPackage) {
		serviceUsesOnlyContractsAndStarter(rootPackage).check(mainClassesOf(rootPackage));
	}

	/** Fails unless platform-starter's main classes keep to its layer. */
	public static void checkStarter() {
		starterKnowsNoService().check(mainClassesOf("io.iotp.starter"));
	}

	/**
	 * The module's main classes (not its tests, not its dependencies) below
	 * {@code rootPackage}.
	 */
	static JavaClasses mainClassesOf(String rootPackage) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages(rootPackage);
	}

	/**
	 * A service below {@code rootPackage} depends on no platform code but its own,
	 * contracts and the starter.
	 */
	static ArchRule serviceUsesOnlyContractsAndStarter(String rootPackage) {
		return noClasses().that()
			.resideInAPackage(rootPackage + "..")
			.should()
			.dependOnClassesThat(
					resideInAPackage("io.iotp..").and(not(resideInAnyPackage(rootPackage + "..", CONTRACTS, STARTER))))
			.because("a service may use only contracts and platform-starter, never another service");
	}

	/** The starter is plumbing every service shares, so it knows none of them. */
	static ArchRule starterKnowsNoService() {
		return noClasses().that()
			.resideInAPackage(STARTER)
			.should()
			.dependOnClassesThat(resideInAPackage("io.iotp..").and(not(resideInAnyPackage(STARTER, CONTRACTS))))
			.because("platform-starter is shared by every service and may use only contracts");
	}

}
