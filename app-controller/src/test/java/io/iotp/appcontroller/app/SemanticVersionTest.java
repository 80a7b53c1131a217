package io.iotp.appcontroller.app;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SemanticVersionTest {

	@Test
	void ordersBySemverPrecedence() {
		List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
				"1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");

		List<String> sorted = Stream.of(ordered.reversed().toArray(String[]::new))
			.sorted((left, right) -> SemanticVersion.parse(left).compareTo(SemanticVersion.parse(right)))
			.toList();

		assertThat(sorted).isEqualTo(ordered);
	}

	@Test
	void ignoresBuildMetadata() {
		assertThat(SemanticVersion.parse("1.0.0+build.1")).isEqualByComparingTo(SemanticVersion.parse("1.0.0"));
	}

	@Test
	void rejectsWhatIsNotSemver() {
		assertThatIllegalArgumentException().isThrownBy(() -> SemanticVersion.parse("1.0"));
	}

}
