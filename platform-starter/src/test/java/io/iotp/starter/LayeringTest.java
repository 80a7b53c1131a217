package io.iotp.starter;

import org.junit.jupiter.api.Test;

import io.iotp.testsupport.LayeringRules;

/**
 * The starter keeps to its layer (SPEC §2), checked as this module builds rather than at
 * the end.
 */
class LayeringTest {

	@Test
	void knowsNoService() {
		LayeringRules.checkStarter();
	}

}
