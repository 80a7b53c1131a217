package io.iotp.starter.chunks;

import java.util.List;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Chunks against the MongoDB wire protocol: idempotent unordered inserts, packed fields
 * as stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkInsertsIT {

	private MongoServer server;

	private MongoClient client;

	@BeforeAll
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort());
	}

	@AfterAll
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aBatchStoredAgainIsRefusedWholeAndNewChunksBesideStoredOnesAreStored() {
		MongoCollection<Document> chunks = collection("again");
		assertThat(ChunkInserts.insertNew(chunks, List.of(chunk("a", "1"), chunk("b", "2")))).isEmpty();
		assertThat(ChunkInserts.insertNew(chunks, List.of(chunk("a", "1"), chunk("b", "2"))))
			.containsExactlyInAnyOrder(0, 1);
		assertThat(ChunkInserts.insertNew(chunks, List.of(chunk("c", "3"), chunk("b", "2"), chunk("d", "4"))))
			.containsExactly(1);
		assertThat(chunks.countDocuments()).isEqualTo(4);
		// the chunk stored first stays as it was
		assertThat(chunks.find(new Document("_id", "b")).first()).containsEntry("label", "2");
	}

	@Test
	void nothingToInsertIsNoWrite() {
		assertThat(ChunkInserts.insertNew(collection("nothing"), List.of())).isEmpty();
	}

	@Test
	void packedItemsComeBackAsStoredAndFromChunksBuiltInMemory() {
		MongoCollection<Document> chunks = collection("packed");
		byte[] packed = { 1, 2, 3, 0, -1 };
		ChunkInserts.insertNew(chunks,
				List.of(new Document("_id", "p").append("packed", new Binary(packed)), new Document("_id", "q")));
		assertThat(PackedField.bytes(chunks.find(new Document("_id", "p")).first(), "packed")).isEqualTo(packed);
		assertThat(PackedField.bytes(chunks.find(new Document("_id", "q")).first(), "packed")).isNull();
		assertThat(PackedField.bytes(new Document("packed", packed), "packed")).isSameAs(packed);
		assertThatIllegalStateException()
			.isThrownBy(() -> PackedField.bytes(new Document("_id", "r").append("packed", "text"), "packed"))
			.withMessageContaining("chunk r");
	}

	private MongoCollection<Document> collection(String name) {
		return this.client.getDatabase("iotp-starter-chunks").getCollection(name);
	}

	private static Document chunk(String id, String label) {
		return new Document("_id", id).append("label", label);
	}

}
