package io.iotp.gateway.web;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/**
 * What a person opening a link in a browser gets instead of a problem document: a small
 * page saying, in words, why there is nothing to show and where to go. Only requests
 * whose {@code Accept} asks for HTML get it (browsers navigating do); API clients keep
 * the problem JSON, with the same status either way.
 */
public final class BrowserPages {

	public static final String CONTENT_TYPE = "text/html;charset=UTF-8";

	private BrowserPages() {
	}

	/** Whether the caller asked for HTML, as a browser loading a page does. */
	public static boolean wantsHtml(@Nullable String accept) {
		return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
	}

	/**
	 * The page for an app link that cannot be served.
	 * @param status the status the answer carries (404: no such app, otherwise it cannot
	 * answer now)
	 * @param detail what the gateway found, e.g. "no healthy instance of shop/web right
	 * now"
	 */
	public static byte[] appUnavailable(int status, String detail) {
		String title = (status == 404) ? "No app here" : "This app cannot answer right now";
		String advice = (status == 404)
				? "Check the link, or find the app and its link in the console under Deployments."
				: "It may be stopped, still starting, or being moved to another node. Try again in a moment; "
						+ "its owner can see its state in the console.";
		return page(title, detail, advice);
	}

	private static byte[] page(String title, String detail, String advice) {
		String html = """
				<!doctype html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%1$s · IoT Platform</title>
				<style>
				body{font-family:system-ui,sans-serif;color:#1f2933;background:#f7f9fb;margin:0}
				main{max-width:36rem;margin:12vh auto;padding:0 1.25rem;line-height:1.5}
				h1{font-size:1.5rem;margin:0 0 .75rem}
				.detail{color:#52606d}
				a{color:#0b63ce}
				</style>
				</head>
				<body>
				<main>
				<h1>%1$s</h1>
				<p class="detail">%2$s.</p>
				<p>%3$s</p>
				<p><a href="/">Open the console</a></p>
				</main>
				</body>
				</html>
				""".formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(capitalised(detail)),
				HtmlUtils.htmlEscape(advice));
		return html.getBytes(StandardCharsets.UTF_8);
	}

	private static String capitalised(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
