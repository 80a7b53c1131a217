package io.iotp.samples.hello;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the readings the platform POSTs, so the sample needs nothing but the JDK:
 * objects become maps, arrays lists, numbers {@code Long} or {@code Double}. A real app would use a
 * JSON library.
 */
final class Json {

	private final String text;

	private int pos;

	Json(String text) {
		this.text = text;
	}

	/** @throws IllegalArgumentException if the text is not one JSON value */
	Object parse() {
		Object value = value();
		skipWhitespace();
		if (this.pos != this.text.length()) {
			throw error("unexpected text after the JSON value");
		}
		return value;
	}

	private Object value() {
		skipWhitespace();
		if (this.pos >= this.text.length()) {
			throw error("unexpected end of JSON");
		}
		char c = this.text.charAt(this.pos);
		return switch (c) {
			case '{' -> object();
			case '[' -> array();
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> number();
		};
	}

	private Map<String, Object> object() {
		Map<String, Object> map = new LinkedHashMap<>();
		this.pos++;
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			return map;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a field name");
			}
			String key = string();
			skipWhitespace();
			expect(':');
			map.put(key, value());
			skipWhitespace();
			if (peek() == ',') {
				this.pos++;
			}
			else {
				expect('}');
				return map;
			}
		}
	}

	private List<Object> array() {
		List<Object> list = new ArrayList<>();
		this.pos++;
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
			return list;
		}
		while (true) {
			list.add(value());
			skipWhitespace();
			if (peek() == ',') {
				this.pos++;
			}
			else {
				expect(']');
				return list;
			}
		}
	}

	private String string() {
		StringBuilder out = new StringBuilder();
		this.pos++;
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos++);
			if (c == '"') {
				return out.toString();
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			if (this.pos >= this.text.length()) {
				break;
			}
			char escaped = this.text.charAt(this.pos++);
			switch (escaped) {
				case 'n' -> out.append('\n');
				case 't' -> out.append('\t');
				case 'r' -> out.append('\r');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'u' -> {
					if (this.pos + 4 > this.text.length()) {
						throw error("bad \\u escape");
					}
					out.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
					this.pos += 4;
				}
				default -> out.append(escaped);
			}
		}
		throw error("unterminated string");
	}

	private Object number() {
		int start = this.pos;
		while (this.pos < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		String number = this.text.substring(start, this.pos);
		try {
			if (number.contains(".") || number.contains("e") || number.contains("E")) {
				return Double.parseDouble(number);
			}
			return Long.parseLong(number);
		}
		catch (NumberFormatException ex) {
			throw error("not a JSON value");
		}
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.pos)) {
			throw error("not a JSON value");
		}
		this.pos += word.length();
		return value;
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("expected '" + c + "'");
		}
		this.pos++;
	}

	private char peek() {
		return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : '\0';
	}

	private void skipWhitespace() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
	}

	private IllegalArgumentException error(String message) {
		return new IllegalArgumentException(message + " at offset " + this.pos);
	}

}
