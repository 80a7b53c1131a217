package io.iotp.contracts.messaging;

/**
 * A payload that travels in an {@link Envelope}. Every implementation is a record
 * registered under a stable type name in {@link MessageTypes}; a type name is never
 * reused or renamed.
 */
public interface Message {

}
