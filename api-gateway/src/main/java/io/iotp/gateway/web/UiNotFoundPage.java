package io.iotp.gateway.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A browser asking for a page that does not exist ({@code /dashboard}, a mistyped link)
 * gets the web UI, which shows its own "Page not found" with a way back, and the status
 * stays 404. Only page loads: the API, app links, the actuator and anything not asking
 * for HTML keep the problem document; a gateway without the UI keeps it too.
 */
@Component
public class UiNotFoundPage {

	private static final String INDEX = "iotp-ui/index.html";

	private final byte[] index;

	UiNotFoundPage() {
		ClassPathResource resource = new ClassPathResource(INDEX);
		try {
			this.index = resource.exists() ? resource.getContentAsByteArray() : new byte[0];
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + INDEX, ex);
		}
	}

	/** Whether the request is a page load this answers. */
	public boolean takes(ServerHttpRequest request) {
		String path = request.getPath().value();
		return this.index.length > 0
				&& (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD)
				&& BrowserPages.wantsHtml(request.getHeaders().getFirst(HttpHeaders.ACCEPT))
				&& !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/apps/")
				&& !path.startsWith("/actuator");
	}

	public Mono<Void> write(ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.NOT_FOUND);
		response.getHeaders().setContentType(MediaType.TEXT_HTML);
		response.getHeaders().setCacheControl(CacheControl.noCache());
		response.getHeaders().set("X-Content-Type-Options", "nosniff");
		return response.writeWith(Mono.just(response.bufferFactory().wrap(this.index)));
	}

}
