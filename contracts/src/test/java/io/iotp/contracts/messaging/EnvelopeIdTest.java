package io.iotp.contracts.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EnvelopeIdTest {

	@Test
	void idsAreDistinctVersionFourUuids() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = Envelope.randomId();
			UUID parsed = UUID.fromString(id);
			assertThat(parsed.version()).isEqualTo(4);
			assertThat(parsed.variant()).isEqualTo(2);
			assertThat(parsed.toString()).isEqualTo(id);
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

}
