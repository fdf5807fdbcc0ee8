/**
 * The JDBC implementation behind both store providers: one {@link dev.pfms.store.internal.JdbcStore}
 * over a {@link dev.pfms.store.internal.Connections} (one SQLite connection, or a HikariCP pool) and a
 * {@link dev.pfms.store.internal.Dialect}. Not API: not exported, may change in any release.
 */
package dev.pfms.store.internal;
