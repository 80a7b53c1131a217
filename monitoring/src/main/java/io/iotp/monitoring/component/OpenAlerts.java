package io.iotp.monitoring.component;

/**
 * How many alerts are open, for the health summary (the alerts live in their own
 * package).
 */
public interface OpenAlerts {

	long open();

	long openCritical();

}
