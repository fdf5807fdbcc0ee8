/**
 * The two store providers: {@link dev.pfms.store.SqliteStoreProvider} ({@code sqlite}, embedded, one
 * file, the default) and {@link dev.pfms.store.PostgresStoreProvider} ({@code postgresql}, a server
 * behind a HikariCP pool), plus {@link dev.pfms.store.Stores} to open one by name. The SQL and the
 * Flyway migrations ({@code db/migration/<dialect>}) live in the non-exported {@code internal} package
 * and resources; nothing here is a JDBC type.
 */
package dev.pfms.store;
