package io.iotp.sensormanager.binding;

/**
 * A binding feeds its topics while its deployment runs, and is kept ENDED afterwards for
 * its history.
 */
enum BindingState {

	ACTIVE, ENDED

}
