/**
 * Time-series chunks in MongoDB: many small items stored as one document per key and time
 * span, with the items packed into one binary field beside what queries select by. Holds
 * what every chunked collection does the same way (the limits of a chunk, cutting a batch
 * into chunks, reading the packed field, inserting a batch's chunks idempotently); each
 * collection keeps its own fields, encoding, ids, indexes and queries.
 */
@NullMarked
package io.iotp.starter.chunks;

import org.jspecify.annotations.NullMarked;
