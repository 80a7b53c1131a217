package io.iotp.starter.chunks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * Cuts a batch of items into chunks: items with the same key share a chunk, in the order
 * they came, until it holds {@link ChunkLimits#maxItems} or adding the next would take it
 * over {@link ChunkLimits#maxBytes}; then a new one is started. Chunks come out key by
 * key, keys in the order they first appear. Immutable; one per collection serves every
 * batch.
 * <p>
 * The key is the caller's and must include the item's {@link ChunkLimits#spanOf span}
 * (with whatever else a chunk has once for all its items): that keeps a chunk within its
 * span, and the key is then the only object made per item.
 *
 * @param <T> the items
 */
public final class ChunkCutter<T> {

	private final ChunkLimits limits;

	private final Function<? super T, ?> keyOf;

	private final ToLongFunction<? super T> sizeOf;

	private final @Nullable Function<? super T, ?> idOf;

	private ChunkCutter(ChunkLimits limits, Function<? super T, ?> keyOf, ToLongFunction<? super T> sizeOf,
			@Nullable Function<? super T, ?> idOf) {
		this.limits = limits;
		this.keyOf = keyOf;
		this.sizeOf = sizeOf;
		this.idOf = idOf;
	}

	/**
	 * A cutter that keeps every item, even one that comes twice.
	 * @param keyOf what items of one chunk share, including their span
	 * @param sizeOf an upper bound of an item's size in bytes as stored
	 */
	public static <T> ChunkCutter<T> of(ChunkLimits limits, Function<? super T, ?> keyOf,
			ToLongFunction<? super T> sizeOf) {
		return new ChunkCutter<>(limits, keyOf, sizeOf, null);
	}

	/**
	 * This cutter, keeping only the first of the items of one key that have the same id.
	 */
	public ChunkCutter<T> distinctBy(Function<? super T, ?> idOf) {
		return new ChunkCutter<>(this.limits, this.keyOf, this.sizeOf, idOf);
	}

	public ChunkLimits limits() {
		return this.limits;
	}

	/**
	 * The items as chunks.
	 * @param toChunk makes one chunk of its items (at least one), which it may keep
	 */
	public <C> List<C> cut(List<? extends T> items, Function<List<T>, C> toChunk) {
		List<C> chunks = new ArrayList<>();
		for (Collection<T> group : groups(items)) {
			List<T> open = new ArrayList<>();
			long bytes = 0;
			for (T item : group) {
				long size = this.sizeOf.applyAsLong(item);
				if (!open.isEmpty()
						&& (open.size() >= this.limits.maxItems() || bytes + size > this.limits.maxBytes())) {
					chunks.add(toChunk.apply(open));
					open = new ArrayList<>();
					bytes = 0;
				}
				open.add(item);
				bytes += size;
			}
			chunks.add(toChunk.apply(open));
		}
		return chunks;
	}

	private Collection<? extends Collection<T>> groups(List<? extends T> items) {
		Function<? super T, ?> id = this.idOf;
		if (id == null) {
			Map<Object, List<T>> groups = new LinkedHashMap<>();
			for (T item : items) {
				groups.computeIfAbsent(this.keyOf.apply(item), (key) -> new ArrayList<>()).add(item);
			}
			return groups.values();
		}
		Map<Object, Map<Object, T>> groups = new LinkedHashMap<>();
		for (T item : items) {
			groups.computeIfAbsent(this.keyOf.apply(item), (key) -> new LinkedHashMap<>())
				.putIfAbsent(id.apply(item), item);
		}
		List<Collection<T>> distinct = new ArrayList<>(groups.size());
		for (Map<Object, T> group : groups.values()) {
			distinct.add(group.values());
		}
		return distinct;
	}

}
