package io.iotp.contracts.messaging;

import java.time.Instant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Reads instants in the form the platform writes them with {@link IsoInstants}; any other
 * form (numbers, offsets, and text that is no instant at all) goes to Jackson's own
 * deserializer, so what is accepted and the errors stay as they were.
 */
final class QuickInstantDeserializer extends StdScalarDeserializer<Instant> {

	QuickInstantDeserializer() {
		super(Instant.class);
	}

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.hasToken(JsonToken.VALUE_STRING)) {
			Instant quick = IsoInstants.tryParse(parser.getString());
			if (quick != null) {
				return quick;
			}
		}
		return InstantDeserializer.INSTANT.deserialize(parser, context);
	}

}
