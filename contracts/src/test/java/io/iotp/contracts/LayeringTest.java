package io.iotp.contracts;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Contracts keep to their layer (SPEC §2), checked as this module builds rather than at
 * the end. The rule is written here, not taken from test-support's {@code LayeringRules}:
 * test-support depends on contracts.
 */
class LayeringTest {

	@Test
	void dependOnNoSpringNoMongoAndNoOtherPlatformModule() {
		noClasses().that()
			.resideInAPackage("io.iotp.contracts..")
			.should()
			.dependOnClassesThat(resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..")
				.or(resideInAPackage("io.iotp..").and(not(resideInAPackage("io.iotp.contracts..")))))
			.because("contracts are plain Java that any service, tool or test can use")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
				.importPackages("io.iotp.contracts"));
	}

}
