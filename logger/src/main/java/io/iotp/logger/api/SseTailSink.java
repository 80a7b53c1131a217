package io.iotp.logger.api;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.iotp.logger.tail.TailEvent;
import io.iotp.logger.tail.TailSink;

/**
 * Live-tail events as server-sent events: {@code event: log} with the entry as JSON and
 * its cursor as {@code id}, {@code event: dropped} with {@code {"dropped": n}} when the
 * client fell behind, and a comment line as heartbeat. A drained chunk goes out in one
 * write.
 */
final class SseTailSink implements TailSink {

	private final SseEmitter emitter;

	SseTailSink(SseEmitter emitter) {
		this.emitter = emitter;
	}

	@Override
	public void send(List<TailEvent> events) throws Gone {
		Set<DataWithMediaType> chunk = new LinkedHashSet<>();
		for (TailEvent event : events) {
			SseEmitter.SseEventBuilder builder = switch (event) {
				case TailEvent.Entry entry -> SseEmitter.event()
					.id(entry.record().cursor().encode())
					.name("log")
					.data(LogView.of(entry.record()), MediaType.APPLICATION_JSON);
				case TailEvent.Dropped dropped -> SseEmitter.event()
					.name("dropped")
					.data(Map.of("dropped", dropped.count()), MediaType.APPLICATION_JSON);
				case TailEvent.Heartbeat heartbeat -> SseEmitter.event().comment("keep-alive");
			};
			chunk.addAll(builder.build());
		}
		try {
			this.emitter.send(chunk);
		}
		catch (IOException | IllegalStateException ex) {
			throw new Gone(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.emitter.complete();
		}
		catch (RuntimeException ex) {
			// already completed or the connection is gone: nothing left to end
		}
	}

}
