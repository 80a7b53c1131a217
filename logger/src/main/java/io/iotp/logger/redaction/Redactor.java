package io.iotp.logger.redaction;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Masks secrets in log text before it is stored: values of password, secret, token and
 * key fields (as {@code key=value}, {@code key: value}, JSON and command-line options),
 * bearer tokens, JWTs, URL passwords, cloud and SaaS access keys, and private key blocks.
 * It errs on the side of masking: a stored secret cannot be taken back, an over-masked
 * word costs little.
 * <p>
 * Pure and thread-safe. Most lines mention nothing secret, so one cheap pre-check lets
 * them through without running the rules (the logger redacts tens of thousands of lines a
 * second).
 */
public final class Redactor {

	/** What a secret is replaced with. */
	public static final String MASK = "[REDACTED]";

	/**
	 * Names whose values are secret, matched at the end of a field name:
	 * {@code db.password}, {@code accessToken}.
	 */
	private static final String SECRET_NAME = "(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey"
			+ "|secret[_-]?key|access[_-]?key|private[_-]?key|signing[_-]?key|sensor[_-]?key|credentials?|cookie"
			+ "|session[_-]?id)";

	/**
	 * A field name ending in a secret name, not glued to a longer word
	 * ({@code password_file} is no secret).
	 */
	private static final String SECRET_FIELD = "[A-Za-z0-9_.-]*?" + SECRET_NAME + "(?![A-Za-z0-9])";

	/**
	 * Anything that might start a secret, lower case; lines containing none of these skip
	 * the rules. Plain substring searches on a lower-cased copy: several times cheaper
	 * than one case-insensitive regex.
	 */
	private static final String[] HINTS = { "pass", "pwd", "secret", "token", "key", "cookie", "session", "credential",
			"auth", "bearer", "eyj", "-----begin", "://", "xox", "sk_", "aiza", "akia", "asia", "agpa", "aida", "aroa",
			"anpa", "anva", "aipa", "abia", "acca", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_" };

	/**
	 * A line that is nothing but a long base64 run: the body of a PEM block printed line
	 * by line.
	 */
	private static final Pattern BASE64_LINE = Pattern.compile("\\s*[A-Za-z0-9+/]{60,}={0,2}\\s*");

	private static final List<Rule> RULES = List.of(
			// a whole PEM private key, or its start when the block spans several log
			// lines
			new Rule("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?s:.*?)(?:-----END \\1PRIVATE KEY-----|$)",
					"-----BEGIN $1PRIVATE KEY----- " + MASK + " -----END $1PRIVATE KEY-----"),
			// JWTs anywhere: header and payload are base64url of JSON, so both start with
			// eyJ
			new Rule("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*", MASK),
			// Authorization headers keep their scheme
			new Rule("(?i)(\\b(?:proxy-)?authorization\\b\\s*[:=]\\s*(?:(?:bearer|basic|digest|negotiate|token)\\s+)?)"
					+ "[^\\s,;\"']+", "$1" + MASK),
			new Rule("(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}", "$1" + MASK),
			// user:password@ in URLs
			new Rule("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s:/@]+:)[^\\s@/]+@", "$1" + MASK + "@"),
			// AWS access key ids
			new Rule("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\\b", MASK),
			// well-known token formats: GitHub, Slack, Stripe, Google API keys
			new Rule("\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}"
					+ "|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})", MASK),
			// JSON, also JSON inside a JSON string: "password": "..." and \"password\":
			// \"...\"
			new Rule("(?i)(\"" + SECRET_FIELD + "\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", "$1\"" + MASK + "\""),
			new Rule("(?i)(\\\\\"" + SECRET_FIELD + "\\\\\"\\s*:\\s*)\\\\\"(?:(?!\\\\\").)*\\\\\"",
					"$1\\\\\"" + MASK + "\\\\\""),
			new Rule("(?i)(\"" + SECRET_FIELD + "\"\\s*:\\s*)-?[0-9][0-9.]*", "$1\"" + MASK + "\""),
			// command-line options: --password hunter2, --api-key=abc
			new Rule("(?i)((?<!\\S)--?" + SECRET_FIELD + "[ =])(?!\\s)[^\\s\"']+", "$1" + MASK),
			// key=value, key: value, key => value (quoted or up to a separator)
			new Rule("(?i)((?<![A-Za-z0-9_.-])" + SECRET_FIELD + "\\s*(?:=>|=|:)\\s*)"
					+ "(?:\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|(?![\\s\\[])[^\\s,;&\"'}\\])]+)", "$1" + MASK));

	/** The text with every secret masked; {@code null} stays {@code null}. */
	public @Nullable String redact(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		if (looksLikeKeyMaterial(text)) {
			return MASK;
		}
		if (!mightHoldASecret(text)) {
			return text;
		}
		String result = text;
		for (Rule rule : RULES) {
			result = rule.apply(result);
		}
		return result;
	}

	private static boolean mightHoldASecret(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		for (String hint : HINTS) {
			if (lower.contains(hint)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A line of random base64 (upper and lower case and digits), as in the body of a PEM
	 * key block.
	 */
	private static boolean looksLikeKeyMaterial(String text) {
		if (text.length() < 60 || !BASE64_LINE.matcher(text).matches()) {
			return false;
		}
		return text.chars().anyMatch(Character::isUpperCase) && text.chars().anyMatch(Character::isLowerCase)
				&& text.chars().anyMatch(Character::isDigit);
	}

	private record Rule(Pattern pattern, String replacement) {

		Rule(String regex, String replacement) {
			this(Pattern.compile(regex), replacement);
		}

		String apply(String text) {
			Matcher matcher = this.pattern.matcher(text);
			return matcher.find() ? matcher.replaceAll(this.replacement) : text;
		}

	}

}
