package io.iotp.logger.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import io.iotp.logger.access.LogAccess;
import io.iotp.logger.store.LogFilter;
import io.iotp.logger.store.LogRecord;
import io.iotp.logger.store.LogStore;
import io.iotp.logger.tail.LiveTail;
import io.iotp.logger.tail.StreamProperties;
import io.iotp.logger.tail.Subscription;
import io.iotp.starter.security.Caller;
import io.iotp.starter.security.Callers;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/logs}: pages newest first, a live tail, downloads (newest first, up to a
 * maximum); one set of filters for all three, and each caller sees only what
 * {@link LogAccess} allows.
 */
@RestController
@RequestMapping("/api/logs")
class LogController {

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private final LogStore store;

	private final LiveTail tail;

	private final LogAccess access;

	private final Callers callers;

	private final QueryProperties limits;

	private final StreamProperties streams;

	private final JsonMapper json;

	private final Clock clock;

	LogController(LogStore store, LiveTail tail, LogAccess access, Callers callers, QueryProperties limits,
			StreamProperties streams, JsonMapper json, Clock clock) {
		this.store = store;
		this.tail = tail;
		this.access = access;
		this.callers = callers;
		this.limits = limits;
		this.streams = streams;
		this.json = json;
		this.clock = clock;
	}

	@GetMapping
	LogPage list(@RequestParam Map<String, String> params) {
		LogQuery query = LogQuery.parse(params, this.limits.defaultLimit(), this.limits.maxLimit());
		LogFilter filter = query.filter(this.access.forQuery(this.callers.current()));
		// one more than asked tells whether there is a next page without a second query
		List<LogRecord> found = this.store.page(filter, query.cursor(), query.limit() + 1);
		boolean more = found.size() > query.limit();
		List<LogRecord> page = more ? found.subList(0, query.limit()) : found;
		String next = more ? page.get(page.size() - 1).cursor().encode() : null;
		return new LogPage(page.stream().map(LogView::of).toList(), next);
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@RequestParam Map<String, String> params) throws IOException {
		LogQuery query = LogQuery.parse(params, this.limits.defaultLimit(), this.limits.maxLimit());
		Caller caller = this.callers.current();
		SseEmitter emitter = new SseEmitter(this.streams.maxDuration().toMillis());
		Subscription subscription = this.tail
			.subscribe(query.filter(this.access.forTail(caller)), new SseTailSink(emitter))
			.orElseThrow(() -> new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
					"too many live log streams are open; retry shortly"));
		emitter.onCompletion(subscription::close);
		emitter.onTimeout(subscription::close);
		emitter.onError((ex) -> subscription.close());
		// sent at once, so the client knows the stream is open before the first entry
		// arrives
		emitter.send(SseEmitter.event().comment("connected"));
		return emitter;
	}

	@GetMapping("/download")
	ResponseEntity<StreamingResponseBody> download(@RequestParam Map<String, String> params) {
		LogQuery query = LogQuery.parse(params, this.limits.downloadMax(), this.limits.downloadMax());
		LogFilter filter = query.filter(this.access.forQuery(this.callers.current()));
		boolean text = query.format() == LogQuery.Format.TEXT;
		String name = "logs-" + DateTimeFormatter.ISO_INSTANT.format(this.clock.instant()).replace(':', '-')
				+ (text ? ".log" : ".ndjson");
		StreamingResponseBody body = (out) -> write(filter, query.limit(), text, out);
		return ResponseEntity.ok()
			.contentType(text ? new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8) : NDJSON)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(body);
	}

	private void write(LogFilter filter, int max, boolean text, OutputStream target) throws IOException {
		OutputStream out = new BufferedOutputStream(target, 64 * 1024);
		try {
			this.store.forEachNewest(filter, max, (record) -> {
				try {
					if (text) {
						out.write(TextFormat.line(record).getBytes(StandardCharsets.UTF_8));
					}
					else {
						out.write(this.json.writeValueAsBytes(LogView.of(record)));
						out.write('\n');
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		out.flush();
	}

}
