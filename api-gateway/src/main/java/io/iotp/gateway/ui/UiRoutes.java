package io.iotp.gateway.ui;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;
import reactor.core.publisher.Mono;

/**
 * Serves the web UI that the platform-ui jar puts on the classpath under
 * {@code iotp-ui/}: its hashed assets (cached for a year), and {@code index.html} for the
 * UI's own routes, so a deep link works on reload. Only those routes: {@code /api/**},
 * {@code /apps/**}, {@code /actuator/**} and any other unknown path still end in the
 * gateway's routes or its 404 problem.
 */
@Configuration(proxyBeanMethods = false)
class UiRoutes {

	static final String ROOT = "iotp-ui/";

	/** The UI's top-level paths (see platform-ui/src/App.tsx); {@code /} is one too. */
	static final Set<String> PAGES = Set.of("login", "register", "upload", "contract", "app", "deployments", "logs",
			"sensors", "admin");

	/**
	 * Asset names as Vite writes them: plain segments, no dot-only segments, no encoded
	 * characters.
	 */
	private static final Pattern ASSET = Pattern.compile("/assets/[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}");

	private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	@Bean
	RouterFunction<ServerResponse> uiRouter() {
		Resource index = new ClassPathResource(ROOT + "index.html");
		// a gateway without the UI on its classpath keeps answering these paths with 404
		// problems
		boolean present = index.exists();
		return RouterFunctions.route()
			.GET(request -> present && request.path().startsWith("/assets/"),
					request -> asset(request.path()).map(UiRoutes::serveAsset)
						.orElseGet(() -> Mono.error(new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND,
								"no UI file " + request.path() + "; reload the page to get the current version"))))
			.GET(request -> present && isPage(request.path()),
					request -> ServerResponse.ok()
						.contentType(MediaType.TEXT_HTML)
						.cacheControl(CacheControl.noCache())
						.header("X-Content-Type-Options", "nosniff")
						.bodyValue(index))
			.build();
	}

	static boolean isPage(String path) {
		if (path.equals("/")) {
			return true;
		}
		if (path.contains("//") || path.contains("/.") || path.contains("\\")) {
			return false;
		}
		int end = path.indexOf('/', 1);
		return PAGES.contains((end < 0) ? path.substring(1) : path.substring(1, end));
	}

	static Optional<Resource> asset(String path) {
		if (!ASSET.matcher(path).matches() || path.contains("..")) {
			return Optional.empty();
		}
		Resource resource = new ClassPathResource(ROOT + path.substring(1));
		return resource.exists() ? Optional.of(resource) : Optional.empty();
	}

	private static Mono<ServerResponse> serveAsset(Resource resource) {
		MediaType type = MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
		return ServerResponse.ok()
			.contentType(type)
			.cacheControl(IMMUTABLE)
			.header("X-Content-Type-Options", "nosniff")
			.bodyValue(resource);
	}

}
