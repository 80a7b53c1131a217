package io.iotp.gateway.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.FieldError;
import io.iotp.contracts.errors.PlatformException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/users/**}, for admins: list users, delete one, set one's roles. */
@Configuration(proxyBeanMethods = false)
class UserRoutes {

	private final Directory directory;

	UserRoutes(Directory directory) {
		this.directory = directory;
	}

	@Bean
	RouterFunction<ServerResponse> userEndpoints() {
		return RouterFunctions.route()
			.GET("/api/users", this::list)
			.DELETE("/api/users/{username}", this::delete)
			.PUT("/api/users/{username}/roles", this::setRoles)
			.build();
	}

	private Mono<ServerResponse> list(ServerRequest request) {
		admin(request);
		return AuthRoutes.blocking(this.directory::users)
			.flatMap(users -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(users));
	}

	private Mono<ServerResponse> delete(ServerRequest request) {
		admin(request);
		String username = username(request);
		return AuthRoutes.blocking(() -> {
			this.directory.delete(username);
			return username;
		}).then(ServerResponse.noContent().build());
	}

	private Mono<ServerResponse> setRoles(ServerRequest request) {
		admin(request);
		String username = username(request);
		return JsonBodies.read(request, Set.of("roles")).flatMap(body -> {
			Set<String> roles = new LinkedHashSet<>();
			int index = 0;
			for (JsonNode role : body.get("roles").values()) {
				if (!role.isString() || !Directory.ROLES.contains(role.stringValue())) {
					throw new PlatformException(ErrorCodes.REQUEST_VALIDATION, "unknown role",
							List.of(new FieldError("/roles/" + index, "must be ADMIN or DEVELOPER")));
				}
				roles.add(role.stringValue());
				index++;
			}
			if (roles.isEmpty()) {
				throw new PlatformException(ErrorCodes.REQUEST_VALIDATION, "no role",
						List.of(new FieldError("/roles", "must name at least one role")));
			}
			return AuthRoutes.blocking(() -> {
				this.directory.setRoles(username, roles);
				return Map.of("username", username, "roles", roles.stream().sorted().toList());
			});
		}).flatMap(result -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(result));
	}

	private static String username(ServerRequest request) {
		String username = request.pathVariable("username");
		if (!AuthRoutes.validUsername(username)) {
			throw new PlatformException(ErrorCodes.REQUEST_VALIDATION, "no such username can exist",
					List.of(new FieldError("username", "must be 3 to 32 of a-z, 0-9, '.', '_', '-'")));
		}
		return username;
	}

	private static void admin(ServerRequest request) {
		if (!AuthRoutes.principal(request).admin()) {
			throw new PlatformException(ErrorCodes.AUTH_FORBIDDEN, "only admins manage users");
		}
	}

}
