package io.iotp.sensormanager.mqtt;

/**
 * The MQTT 5 reason codes this server answers with (MQTT 5.0 §2.4). {@link #SUCCESS} is
 * also the outcome of a message that needs no negative answer, whatever the client's
 * version.
 */
final class ReasonCodes {

	static final byte SUCCESS = 0x00;

	static final byte UNSPECIFIED_ERROR = (byte) 0x80;

	static final byte NOT_AUTHORIZED = (byte) 0x87;

	static final byte PAYLOAD_FORMAT_INVALID = (byte) 0x99;

	static final byte QUOTA_EXCEEDED = (byte) 0x97;

	static final byte SERVER_SHUTTING_DOWN = (byte) 0x8B;

	static final byte QOS_NOT_SUPPORTED = (byte) 0x9B;

	private ReasonCodes() {
	}

}
