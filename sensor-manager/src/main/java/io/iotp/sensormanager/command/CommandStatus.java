package io.iotp.sensormanager.command;

/** Where a command is: waiting, handed to the device, confirmed by it, or too late. */
public enum CommandStatus {

	PENDING, DELIVERED, ACKED, EXPIRED

}
