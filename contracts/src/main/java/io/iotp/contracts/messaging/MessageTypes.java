package io.iotp.contracts.messaging;

import java.util.HashMap;
import java.util.Map;

import io.iotp.contracts.heartbeat.Heartbeat;
import io.iotp.contracts.logging.LogEntry;

/**
 * The registry of stable message type names. A name, once published, is never reused or renamed;
 * new records get new names and fields are only ever added compatibly.
 */
public final class MessageTypes {

	private static final Map<String, Class<? extends Message>> BY_NAME = Map.ofEntries(
			Map.entry("heartbeat", Heartbeat.class),
			Map.entry("log-entry", LogEntry.class));

	private static final Map<Class<? extends Message>, String> BY_CLASS = invert(BY_NAME);

	private MessageTypes() {
	}

	public static Class<? extends Message> classOf(String name) {
		Class<? extends Message> type = BY_NAME.get(name);
		if (type == null) {
			throw new UnknownMessageTypeException("unknown message type '" + name + "'");
		}
		return type;
	}

	public static String nameOf(Class<?> type) {
		String name = BY_CLASS.get(type);
		if (name == null) {
			throw new UnknownMessageTypeException(type.getName() + " is not a registered message type");
		}
		return name;
	}

	/** Every registered name and its record. */
	public static Map<String, Class<? extends Message>> all() {
		return BY_NAME;
	}

	private static Map<Class<? extends Message>, String> invert(Map<String, Class<? extends Message>> byName) {
		Map<Class<? extends Message>, String> byClass = new HashMap<>();
		byName.forEach((name, type) -> byClass.put(type, name));
		return Map.copyOf(byClass);
	}

}
