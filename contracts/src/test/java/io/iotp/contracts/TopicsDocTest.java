package io.iotp.contracts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.iotp.contracts.messaging.Topic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics table of {@code docs/architecture.md} says what {@link Topics} says: every
 * topic, its key and its payload type, and no topic that is not there. The table is
 * written by hand for readers; this keeps it from drifting when a topic is added,
 * re-keyed or retyped.
 */
class TopicsDocTest {

	private static final Path ARCHITECTURE = Path.of("..", "docs", "architecture.md");

	/**
	 * The one row for the per-binding topics, which {@link Topics#appSensorData} names.
	 */
	private static final String APP_TOPIC = "app.<app>.<service>.sensor-data";

	private static final Pattern HEADER = Pattern
		.compile("^\\|\\s*topic\\s*\\|\\s*key\\s*\\|\\s*payload type\\s*\\|.*");

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private static Map<String, Row> rows;

	@BeforeAll
	static void readTable() throws IOException {
		List<String> lines = Files.readAllLines(ARCHITECTURE, StandardCharsets.UTF_8);
		int header = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (HEADER.matcher(lines.get(i)).matches()) {
				assertThat(header).as("one table headed | topic | key | payload type | in " + ARCHITECTURE)
					.isEqualTo(-1);
				header = i;
			}
		}
		assertThat(header).as("a table headed | topic | key | payload type | in " + ARCHITECTURE).isNotNegative();
		rows = new LinkedHashMap<>();
		for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			Row row = Row.parse(lines.get(i));
			assertThat(rows.put(row.topic(), row)).as("listed twice: " + row.topic()).isNull();
		}
	}

	@Test
	void everyTopicIsListedWithItsKeyAndPayloadType() {
		for (Topic<?> topic : Topics.ALL) {
			assertListed(topic.name(), topic);
		}
		assertListed(APP_TOPIC, Topics.appSensorData("<app>", "<service>"));
	}

	@Test
	void noOtherTopicIsListed() {
		List<String> known = new ArrayList<>(Topics.ALL.stream().map(Topic::name).toList());
		known.add(APP_TOPIC);
		assertThat(rows.keySet()).as("topics in the table").containsExactlyInAnyOrderElementsOf(known);
	}

	private static void assertListed(String name, Topic<?> topic) {
		assertThat(rows).as("the table lists " + name).containsKey(name);
		Row row = rows.get(name);
		assertThat(row.key()).as("key of " + name).isEqualTo(topic.keyName());
		assertThat(row.payloadType()).as("payload type of " + name).isEqualTo(topic.payloadType().getSimpleName());
	}

	/**
	 * One row: the first code span of each of the first three cells; the rest of a cell
	 * is for readers.
	 */
	private record Row(String topic, String key, String payloadType) {

		static Row parse(String line) {
			String[] cells = line.split("\\|");
			assertThat(cells.length).as("cells of " + line).isGreaterThanOrEqualTo(4);
			return new Row(code(cells[1], line), code(cells[2], line), code(cells[3], line));
		}

		private static String code(String cell, String line) {
			Matcher matcher = CODE_SPAN.matcher(cell);
			assertThat(matcher.find()).as("a `name` in each of the first three cells of " + line).isTrue();
			return matcher.group(1);
		}

	}

}
