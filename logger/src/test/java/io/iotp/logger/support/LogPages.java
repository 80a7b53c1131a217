package io.iotp.logger.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.iotp.testsupport.Api;
import tools.jackson.databind.JsonNode;

/** Log queries as a client writes them and reads their pages. */
public final class LogPages {

	private LogPages() {
	}

	/** {@code path?k=v&...}, the values URL-encoded. */
	public static String query(String path, String... keysAndValues) {
		Map<String, String> params = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			params.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		if (params.isEmpty()) {
			return path;
		}
		return path + "?"
				+ params.entrySet()
					.stream()
					.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
					.collect(Collectors.joining("&"));
	}

	/**
	 * Every item of every page of a query, following {@code next}, with the pages seen.
	 */
	public static List<JsonNode> all(Api api, String path, List<Integer> pageSizes) {
		return all(api, path, null, pageSizes);
	}

	/**
	 * Every item of every page of a query from {@code cursor} on, following {@code next},
	 * with the pages seen.
	 */
	public static List<JsonNode> all(Api api, String path, @Nullable String cursor, List<Integer> pageSizes) {
		List<JsonNode> items = new ArrayList<>();
		do {
			String url = (cursor == null) ? path : path + (path.contains("?") ? "&" : "?") + "cursor=" + cursor;
			Api.Response response = api.get(url);
			if (response.status() != 200) {
				throw new IllegalStateException(response.toString());
			}
			JsonNode page = response.json();
			page.path("items").forEach(items::add);
			pageSizes.add(page.path("items").size());
			cursor = page.path("next").isNull() || page.path("next").isMissingNode() ? null
					: page.path("next").asString();
		}
		while (cursor != null);
		return items;
	}

}
