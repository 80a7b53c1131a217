package io.iotp.appcontroller.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.iotp.contracts.errors.PlatformException;

/**
 * Decides whether an uploaded zip is an app package the platform will store and run (SPEC
 * §3). It lists every problem at once, each at its path inside the archive
 * ({@code services/monitor/config.json#/runtime}), and never writes an entry to disk.
 */
@Component
public class AppPackageValidator {

	private final ValidationProperties limits;

	private final ArchiveScanner scanner;

	private final DescriptorChecks descriptors;

	public AppPackageValidator(ValidationProperties limits, ContractSchemas schemas, SensorTypeCatalog sensorTypes) {
		this.limits = limits;
		this.scanner = new ArchiveScanner(limits);
		this.descriptors = new DescriptorChecks(schemas, sensorTypes);
	}

	/**
	 * @param zip the uploaded file
	 * @return the package, if it is valid
	 * @throws PlatformException with an {@code app.validation.*} code (422) and every
	 * problem in its errors, if it is not
	 */
	public ValidatedPackage validate(Path zip) {
		Problems problems = new Problems(this.limits.maxListedProblems());
		try {
			Optional<ArchiveScanner.ArchiveContents> contents = this.scanner.scan(zip, problems);
			Optional<ValidatedPackage> validated = contents.flatMap((found) -> this.descriptors.check(found, problems));
			problems.throwIfAny();
			return validated.orElseThrow(() -> new IllegalStateException("no package and no problem"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the uploaded file " + zip, ex);
		}
	}

}
