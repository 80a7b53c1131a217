/**
 * Logger: stores every log line of the platform ({@code platform-logs}) and of the apps
 * ({@code app-logs}) and answers queries over them. One package per feature:
 * {@code ingest} (batch consumer), {@code redaction} (secrets masked before storage),
 * {@code store} (MongoDB documents, filters, cursors), {@code access} (who owns which
 * app), {@code api} (query, download, stream endpoints), {@code tail} (live subscribers)
 * and {@code retention} (deletion by age).
 */
@NullMarked
package io.iotp.logger;

import org.jspecify.annotations.NullMarked;
