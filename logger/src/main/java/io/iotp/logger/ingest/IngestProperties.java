package io.iotp.logger.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the logger consumes {@code platform-logs} and {@code app-logs}: large batches, so
 * one bulk write stores thousands of lines.
 *
 * @param concurrency consumer threads; as many as the topics have partitions
 * ({@code iotp up} creates 3), so redaction and encoding of one batch overlap with the
 * store writing another
 * @param maxPollRecords most lines handed to one batch (one bulk write)
 * @param fetchMinBytes the broker waits for this much data before answering a fetch...
 * @param fetchMaxWait ...or this long, which bounds the latency it adds to a quiet topic
 * @param maxPartitionFetchBytes most bytes fetched per partition in one request
 * @param retryMaxInterval longest pause between attempts to store a batch while the store
 * fails
 * @param retryMaxElapsed how long a batch is retried before it is skipped (and that is
 * logged)
 */
@ConfigurationProperties("iotp.logger.ingest")
public record IngestProperties(@DefaultValue("3") int concurrency, @DefaultValue("5000") int maxPollRecords,
		@DefaultValue("65536") int fetchMinBytes, @DefaultValue("100ms") Duration fetchMaxWait,
		@DefaultValue("8388608") int maxPartitionFetchBytes, @DefaultValue("10s") Duration retryMaxInterval,
		@DefaultValue("10m") Duration retryMaxElapsed) {

}
