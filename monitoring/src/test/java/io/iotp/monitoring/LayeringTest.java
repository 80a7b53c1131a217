package io.iotp.monitoring;

import org.junit.jupiter.api.Test;

import io.iotp.testsupport.LayeringRules;

/**
 * Monitoring keeps to its layer (SPEC §2), checked as this module builds rather than at
 * the end.
 */
class LayeringTest {

	@Test
	void usesOnlyContractsAndThePlatformStarter() {
		LayeringRules.checkService("io.iotp.monitoring");
	}

}
