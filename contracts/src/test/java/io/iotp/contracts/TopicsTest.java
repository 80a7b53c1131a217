package io.iotp.contracts;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.iotp.contracts.messaging.Message;
import io.iotp.contracts.messaging.MessageSamples;
import io.iotp.contracts.messaging.MessageTypes;
import io.iotp.contracts.messaging.Topic;
import io.iotp.contracts.sensor.SensorReading;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed topics agree with each other and with the message registry: every message has
 * a topic to travel on, every topic is found by its name, and every key rule gives the
 * key SPEC names.
 */
class TopicsTest {

	private static final Map<String, Message> SAMPLES = MessageSamples.all();

	@Test
	void everyTopicConstantIsListedOnceWithTheNameOfItsNameConstant() throws Exception {
		for (Field field : Topics.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == Topic.class) {
				Topic<?> topic = (Topic<?>) field.get(null);
				assertThat(Topics.ALL).as(field.getName()).contains(topic);
				assertThat(TopicNames.class.getField(field.getName()).get(null)).isEqualTo(topic.name());
			}
		}
		assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates();
		assertThat(TopicNames.class.getFields()).hasSameSizeAs(Topics.ALL);
	}

	@Test
	void everyRegisteredMessageTravelsOnSomeTopic() {
		assertThat(MessageTypes.all().values()).allSatisfy(type -> assertThat(Topics.ALL).as(type.getSimpleName())
			.anyMatch(topic -> topic.payloadType().isAssignableFrom(type)));
	}

	static Stream<Topic<?>> topics() {
		return Topics.ALL.stream();
	}

	@ParameterizedTest
	@MethodSource("topics")
	void eachTopicIsFoundByNameAndKeysItsSamplesByItsRule(Topic<?> topic) {
		assertThat(Topics.byName(topic.name())).containsSame(topic);
		assertThat(SAMPLES.values().stream().filter(topic::carries)).as(topic.name())
			.isNotEmpty()
			.allSatisfy(sample -> assertThat(keyOf(topic, sample)).as(topic.name())
				.isNotBlank()
				.isEqualTo(expectedKey(topic, sample)));
	}

	@Test
	void appTopicsCarryReadingsKeyedBySensor() {
		Topic<SensorReading> topic = Topics.appSensorData("greenhouse", "monitor");
		assertThat(topic.name()).isEqualTo("app.greenhouse.monitor.sensor-data");
		assertThat(Topics.byName("app.greenhouse.monitor.sensor-data")).get()
			.extracting(Topic::payloadType)
			.isEqualTo(SensorReading.class);
		assertThat(Topics.byName("no-such-topic")).isEmpty();
		assertThat(topic.carries(SAMPLES.get("heartbeat"))).isFalse();
	}

	@SuppressWarnings("unchecked")
	private static <T extends Message> String keyOf(Topic<T> topic, Message sample) {
		return topic.keyOf((T) sample);
	}

	/** The key SPEC §5 names, read from the sample's own accessor of that name. */
	private static String expectedKey(Topic<?> topic, Message sample) {
		if (topic.keyName().equals("<app>/<service>")) {
			return accessor(sample, "app") + "/" + accessor(sample, "service");
		}
		return accessor(sample, topic.keyName());
	}

	private static String accessor(Message sample, String name) {
		try {
			Object value = Arrays.stream(sample.getClass().getRecordComponents())
				.filter(component -> component.getName().equals(name))
				.findFirst()
				.orElseThrow(() -> new AssertionError(sample.getClass().getSimpleName() + " has no " + name))
				.getAccessor()
				.invoke(sample);
			return (value instanceof Record id) ? (String) id.getClass().getMethod("value").invoke(id) : (String) value;
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError(ex);
		}
	}

}
