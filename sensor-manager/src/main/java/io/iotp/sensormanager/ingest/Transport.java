package io.iotp.sensormanager.ingest;

/** How readings reached the platform; a tag of the ingestion metrics. */
public enum Transport {

	HTTP, MQTT;

	String tag() {
		return name().toLowerCase();
	}

}
