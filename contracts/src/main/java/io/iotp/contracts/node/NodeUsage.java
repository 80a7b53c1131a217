package io.iotp.contracts.node;

/**
 * What a node uses right now, as its agent measures it.
 *
 * @param cpuPercent machine CPU load, 0 to 100
 * @param memoryMb memory in use, mebibytes
 * @param instances instances the agent is running
 */
public record NodeUsage(double cpuPercent, long memoryMb, int instances) {

}
