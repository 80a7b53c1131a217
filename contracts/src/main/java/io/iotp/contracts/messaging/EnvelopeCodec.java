package io.iotp.contracts.messaging;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Turns envelopes into JSON bytes and back. The payload is decoded into the record
 * registered for the envelope's {@code type}, so a consumer gets typed messages without
 * type hints inside the payload.
 */
public final class EnvelopeCodec {

	private final JsonMapper mapper;

	public EnvelopeCodec() {
		this(JsonMapper.builder().build());
	}

	/**
	 * Reads instants with {@link IsoInstants} first: the default parser's garbage
	 * mattered on the data path.
	 */
	public EnvelopeCodec(JsonMapper mapper) {
		this.mapper = mapper.rebuild()
			.addModule(new SimpleModule("iotp-quick-instants").addDeserializer(Instant.class,
					new QuickInstantDeserializer()))
			.build();
	}

	public byte[] encode(Envelope<?> envelope) {
		return this.mapper.writeValueAsBytes(envelope);
	}

	/**
	 * @throws UnknownMessageTypeException if the type name is not registered
	 * @throws tools.jackson.core.JacksonException if the bytes are not a well-formed
	 * envelope
	 */
	public Envelope<Message> decode(byte[] json) {
		JsonNode tree = this.mapper.readTree(json);
		String type = requiredText(tree, "type");
		Class<? extends Message> payloadType = MessageTypes.classOf(type);
		Message payload = this.mapper.treeToValue(tree.required("payload"), payloadType);
		JsonNode correlationId = tree.get("correlationId");
		return new Envelope<>(requiredText(tree, "id"), type, requiredText(tree, "source"),
				IsoInstants.parse(requiredText(tree, "time")),
				(correlationId == null || correlationId.isNull()) ? null : correlationId.asString(), payload);
	}

	private static String requiredText(JsonNode tree, String field) {
		JsonNode node = tree.required(field);
		if (!node.isString()) {
			throw new IllegalArgumentException("envelope field '" + field + "' must be a string");
		}
		return node.asString();
	}

}
