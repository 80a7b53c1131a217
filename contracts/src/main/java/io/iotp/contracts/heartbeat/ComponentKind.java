package io.iotp.contracts.heartbeat;

/** The sorts of heartbeat source. */
public enum ComponentKind {

	/** A platform microservice (app-controller, deployer, ...). */
	SERVICE,

	/** The node agent of one node. */
	NODE_AGENT,

	/** Kafka, the document store, the directory. */
	INFRASTRUCTURE

}
