package io.iotp.systemtests.apps;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code kafka}-delivery service as a developer writes one, packaged by the system
 * tests into an app zip ({@code app.jar} plus {@code lib/}): it reads its topic
 * {@code $IOTP_SENSOR_TOPIC} from {@code $KAFKA_BOOTSTRAP_SERVERS} in the consumer group
 * {@code $IOTP_APP}, takes the reading out of each record's envelope and keeps it once
 * per reading id, logging in with {@code $KAFKA_SASL_USERNAME} and
 * {@code $KAFKA_SASL_PASSWORD} when the platform gives them. {@code GET /readings}
 * answers what it holds as a JSON array of {@code {id, sensorId, location}},
 * {@code GET /health} answers 200. {@code GET /kafka-probe?topic=T} tries what a hostile
 * app would: reading {@code T} and the platform's {@code node-commands} with its own
 * login, reading in another app's consumer group, and reading without a login; it answers
 * each attempt as {@code "refused: …"} or {@code "reached: …"}. Plain JDK besides
 * kafka-clients: the JSON is read by the small parser below.
 */
public final class KafkaReadingsApp {

	private static final Map<String, String[]> READINGS = new LinkedHashMap<>();

	private KafkaReadingsApp() {
	}

	public static void main(String[] args) throws Exception {
		String topic = required("IOTP_SENSOR_TOPIC");
		Properties properties = login(required("IOTP_APP"), true);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties);

		HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(required("PORT"))), 0);
		server.createContext("/health", exchange -> answer(exchange, "{\"status\":\"UP\"}"));
		server.createContext("/readings", exchange -> answer(exchange, readingsJson()));
		server.createContext("/kafka-probe", exchange -> answer(exchange,
				probe(exchange.getRequestURI().getQuery().replaceFirst("^topic=", ""), topic)));
		server.start();
		System.out.println("listening on " + server.getAddress().getPort() + ", reading " + topic);

		AtomicBoolean stopping = new AtomicBoolean();
		Thread main = Thread.currentThread();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stopping.set(true);
			consumer.wakeup();
			try {
				main.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			server.stop(0);
		}));
		try (consumer) {
			consumer.subscribe(List.of(topic));
			while (!stopping.get()) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					receive(record.key(), record.value());
				}
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
	}

	/**
	 * A consumer's settings in {@code group}, with the platform's login when
	 * {@code withLogin} and the platform gave one.
	 */
	private static Properties login(String group, boolean withLogin) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, required("KAFKA_BOOTSTRAP_SERVERS"));
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		String user = System.getenv("KAFKA_SASL_USERNAME");
		if (withLogin && user != null) {
			properties.put("security.protocol", required("KAFKA_SECURITY_PROTOCOL"));
			properties.put("sasl.mechanism", required("KAFKA_SASL_MECHANISM"));
			properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
					+ "username=\"" + user + "\" password=\"" + required("KAFKA_SASL_PASSWORD") + "\";");
		}
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
		return properties;
	}

	private static String probe(String otherTopic, String ownTopic) {
		Map<String, String> report = new LinkedHashMap<>();
		report.put("own-topic", attempt(login(required("IOTP_APP"), true), ownTopic, false));
		report.put("other-topic", attempt(login(required("IOTP_APP"), true), otherTopic, false));
		report.put("platform-topic", attempt(login(required("IOTP_APP"), true), "node-commands", false));
		report.put("other-group", attempt(login("someone-else", true), ownTopic, true));
		report.put("no-login", attempt(login(required("IOTP_APP"), false), ownTopic, false));
		StringBuilder json = new StringBuilder("{");
		report.forEach((name, outcome) -> json.append(json.length() == 1 ? "" : ",")
			.append(quoted(name))
			.append(':')
			.append(quoted(outcome)));
		return json.append('}').toString();
	}

	/**
	 * Asks for the partitions of {@code topic} or, with {@code commit}, commits an offset
	 * of it in the consumer's group.
	 */
	private static String attempt(Properties properties, String topic, boolean commit) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
			if (commit) {
				TopicPartition first = new TopicPartition(topic, 0);
				consumer.commitSync(Map.of(first, new OffsetAndMetadata(0)), Duration.ofSeconds(5));
				return "reached: committed an offset";
			}
			return "reached: " + partitions.size() + " partitions";
		}
		catch (RuntimeException ex) {
			return "refused: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	private static void receive(String key, String value) {
		Object envelope;
		try {
			envelope = new Json(value).value();
		}
		catch (RuntimeException ex) {
			System.err.println("cannot read the record of key " + key + " (" + ex + "): " + value);
			return;
		}
		if (!(envelope instanceof Map<?, ?> fields) || !(fields.get("payload") instanceof Map<?, ?> reading)) {
			System.err.println("not an envelope with a payload, key " + key + ": " + value);
			return;
		}
		String id = String.valueOf(reading.get("id"));
		synchronized (READINGS) {
			READINGS.putIfAbsent(id,
					new String[] { String.valueOf(reading.get("sensorId")), String.valueOf(reading.get("location")) });
		}
	}

	private static String readingsJson() {
		StringBuilder json = new StringBuilder("[");
		synchronized (READINGS) {
			for (Map.Entry<String, String[]> reading : READINGS.entrySet()) {
				json.append(json.length() == 1 ? "" : ",")
					.append("{\"id\":")
					.append(quoted(reading.getKey()))
					.append(",\"sensorId\":")
					.append(quoted(reading.getValue()[0]))
					.append(",\"location\":")
					.append(quoted(reading.getValue()[1]))
					.append('}');
			}
		}
		return json.append(']').toString();
	}

	private static void answer(HttpExchange exchange, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String quoted(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	private static String required(String name) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("environment variable " + name + " is not set");
		}
		return value;
	}

	/**
	 * Just enough JSON: objects as maps, arrays as lists, strings, and numbers and
	 * literals as their text.
	 */
	private static final class Json {

		private final String text;

		private int at;

		Json(String text) {
			this.text = text;
		}

		Object value() {
			skipSpace();
			char c = this.text.charAt(this.at);
			if (c == '{') {
				Map<String, Object> object = new LinkedHashMap<>();
				this.at++;
				skipSpace();
				if (peek('}')) {
					return object;
				}
				do {
					skipSpace();
					String name = string();
					skipSpace();
					expect(':');
					object.put(name, value());
					skipSpace();
				}
				while (next(','));
				expect('}');
				return object;
			}
			if (c == '[') {
				List<Object> array = new ArrayList<>();
				this.at++;
				skipSpace();
				if (peek(']')) {
					return array;
				}
				do {
					array.add(value());
					skipSpace();
				}
				while (next(','));
				expect(']');
				return array;
			}
			if (c == '"') {
				return string();
			}
			int start = this.at;
			while (this.at < this.text.length() && ",]} \t\r\n".indexOf(this.text.charAt(this.at)) < 0) {
				this.at++;
			}
			return this.text.substring(start, this.at);
		}

		private String string() {
			expect('"');
			StringBuilder string = new StringBuilder();
			for (char c; (c = this.text.charAt(this.at++)) != '"';) {
				if (c != '\\') {
					string.append(c);
					continue;
				}
				char escaped = this.text.charAt(this.at++);
				switch (escaped) {
					case 'n' -> string.append('\n');
					case 't' -> string.append('\t');
					case 'r' -> string.append('\r');
					case 'b' -> string.append('\b');
					case 'f' -> string.append('\f');
					case 'u' -> {
						string.append((char) Integer.parseInt(this.text.substring(this.at, this.at + 4), 16));
						this.at += 4;
					}
					default -> string.append(escaped);
				}
			}
			return string.toString();
		}

		private boolean peek(char c) {
			if (this.text.charAt(this.at) == c) {
				this.at++;
				return true;
			}
			return false;
		}

		private boolean next(char c) {
			skipSpace();
			return peek(c);
		}

		private void expect(char c) {
			if (this.text.charAt(this.at) != c) {
				throw new IllegalArgumentException("expected '" + c + "' at " + this.at + " of " + this.text);
			}
			this.at++;
		}

		private void skipSpace() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

	}

}
