package io.iotp.contracts.sensor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The type of one field of a sensor type: {@code number | integer | boolean | string}.
 */
public enum FieldType {

	NUMBER("number"), INTEGER("integer"), BOOLEAN("boolean"), STRING("string");

	private final String wireName;

	FieldType(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * @throws IllegalArgumentException if {@code wireName} is not a known field type
	 */
	@JsonCreator
	public static FieldType of(String wireName) {
		return Arrays.stream(values())
			.filter((type) -> type.wireName.equals(wireName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown field type '" + wireName + "'"));
	}

	/**
	 * Whether a value decoded from JSON is of this type. As in JSON Schema, an integral
	 * number such as {@code 2.0} is an integer, and every integer is a number; NaN and
	 * infinities are neither.
	 */
	public boolean accepts(Object value) {
		return switch (this) {
			case NUMBER -> value instanceof Number number && isFinite(number);
			case INTEGER -> value instanceof Number number && isFinite(number) && isIntegral(number);
			case BOOLEAN -> value instanceof Boolean;
			case STRING -> value instanceof String;
		};
	}

	private static boolean isFinite(Number number) {
		return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
	}

	private static boolean isIntegral(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
				|| number instanceof BigInteger) {
			return true;
		}
		if (number instanceof BigDecimal decimal) {
			return decimal.stripTrailingZeros().scale() <= 0;
		}
		double value = number.doubleValue();
		return value == Math.rint(value);
	}

}
