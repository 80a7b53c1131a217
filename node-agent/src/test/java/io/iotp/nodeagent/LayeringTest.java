package io.iotp.nodeagent;

import org.junit.jupiter.api.Test;

import io.iotp.testsupport.LayeringRules;

/**
 * The node agent keeps to its layer (SPEC §2), checked as this module builds rather than
 * at the end.
 */
class LayeringTest {

	@Test
	void usesOnlyContractsAndThePlatformStarter() {
		LayeringRules.checkService("io.iotp.nodeagent");
	}

}
