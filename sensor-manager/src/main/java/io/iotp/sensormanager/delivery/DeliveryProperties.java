package io.iotp.sensormanager.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Routing and HTTP delivery of readings.
 *
 * @param maxBatch at most this many readings per POST
 * @param maxDelay a batch is sent at the latest this long after its first reading arrived
 * (the contract promises at most 100 ms). The default, 0, sends what is there as soon as
 * no POST is out: readings that arrive while one is out form the next batch, so batches
 * grow with the load by themselves and a reading waits at most one POST, not a timer too
 * @param initialBackoff wait after the first failed POST of a batch; doubled after each
 * further one
 * @param maxBackoff the longest wait between two attempts
 * @param requestTimeout how long one POST may take before it counts as failed
 * @param connectTimeout how long connecting to an instance may take
 * @param fetchMaxBytes upper bound of what one delivery consumer fetches at once (bounds
 * memory)
 * @param commitInterval delivered readings' offsets are committed at most this often
 * (each commit is a write to Kafka's offsets log); a crash delivers up to this much
 * again, which receivers de-duplicate by id
 */
@ConfigurationProperties("iotp.sensors.delivery")
public record DeliveryProperties(@DefaultValue("500") int maxBatch, @DefaultValue("0ms") Duration maxDelay,
		@DefaultValue("200ms") Duration initialBackoff, @DefaultValue("10s") Duration maxBackoff,
		@DefaultValue("10s") Duration requestTimeout, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("4194304") int fetchMaxBytes, @DefaultValue("100ms") Duration commitInterval) {

}
