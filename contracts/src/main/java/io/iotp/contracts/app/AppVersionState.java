package io.iotp.contracts.app;

/**
 * Life of an uploaded app version (SPEC §4): {@code UPLOADED → VALIDATED} or
 * {@code REJECTED}.
 */
public enum AppVersionState {

	UPLOADED, VALIDATED, REJECTED

}
