package io.iotp.starter.chunks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a batch of items is cut into chunks. */
class ChunkCutterTest {

	private static final Instant BASE = Instant.parse("2026-11-27T10:00:00Z");

	private static final ChunkLimits LIMITS = new ChunkLimits(3, 100, Duration.ofHours(1));

	private static final ChunkCutter<Item> CUTTER = ChunkCutter.of(LIMITS, Key::of, Item::size);

	@Test
	void itemsOfOneKeyShareAChunkInTheOrderTheyCameAndKeysInTheOrderTheyFirstCame() {
		List<Item> items = List.of(item("a", "1", 0, 10), item("b", "2", 0, 10), item("a", "3", 5, 10));
		assertThat(CUTTER.cut(items, ChunkCutterTest::ids)).containsExactly(List.of("1", "3"), List.of("2"));
	}

	@Test
	void aFullChunkIsClosedAndANewOneStarted() {
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			items.add(item("a", "i" + i, i, 1));
		}
		assertThat(CUTTER.cut(items, List::size)).containsExactly(3, 3, 1);
	}

	@Test
	void anItemThatWouldTakeTheChunkOverItsBytesStartsANewOne() {
		List<Item> items = List.of(item("a", "1", 0, 60), item("a", "2", 1, 40), item("a", "3", 2, 1),
				item("a", "4", 3, 250), item("a", "5", 4, 1));
		assertThat(CUTTER.cut(items, ChunkCutterTest::ids)).containsExactly(List.of("1", "2"), List.of("3"),
				List.of("4"), List.of("5"));
	}

	@Test
	void aKeyHoldingTheSpanKeepsEveryChunkWithinIt() {
		List<Item> items = List.of(item("a", "1", 0, 1), item("a", "2", 3599, 1), item("a", "3", 3600, 1),
				item("a", "4", -1, 1));
		assertThat(CUTTER.cut(items, ChunkCutterTest::ids)).containsExactly(List.of("1", "2"), List.of("3"),
				List.of("4"));
	}

	@Test
	void everyItemIsKeptUnlessDistinctByAnId() {
		List<Item> items = List.of(item("a", "1", 0, 1), item("a", "2", 1, 1), item("a", "1", 2, 1),
				item("b", "1", 0, 1));
		assertThat(CUTTER.cut(items, ChunkCutterTest::ids)).containsExactly(List.of("1", "2", "1"), List.of("1"));
		List<List<Item>> distinct = CUTTER.distinctBy(Item::id).cut(items, List::copyOf);
		// the first of an id is kept, per key
		assertThat(distinct).containsExactly(List.of(items.get(0), items.get(1)), List.of(items.get(3)));
	}

	@Test
	void aChunkMayKeepTheListItIsMadeOf() {
		List<Item> items = List.of(item("a", "1", 0, 1), item("a", "2", 1, 1), item("a", "3", 2, 1),
				item("a", "4", 3, 1));
		List<List<Item>> kept = CUTTER.cut(items, (chunk) -> chunk);
		assertThat(kept).containsExactly(items.subList(0, 3), items.subList(3, 4));
	}

	private static List<String> ids(List<Item> chunk) {
		return chunk.stream().map(Item::id).toList();
	}

	private static Item item(String key, String id, long second, long size) {
		return new Item(key, id, BASE.plusSeconds(second), size);
	}

	private record Item(String key, String id, Instant time, long size) {
	}

	private record Key(String key, long span) {

		static Key of(Item item) {
			return new Key(item.key(), LIMITS.spanOf(item.time()));
		}

	}

}
