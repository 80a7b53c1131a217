package io.iotp.nodemanager.placement;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Resources an instance holds on a node, from its start command until it ends. An ended
 * instance keeps a tombstone ({@code released}) for a while: its start command, arriving
 * late on another topic, must not bring the reservation back.
 */
@Document("reservations")
record Reservation(@Id String instanceId, String nodeId, double cpu, long memoryMb, String deploymentId, String app,
		String service, Instant at, boolean released) {

}
