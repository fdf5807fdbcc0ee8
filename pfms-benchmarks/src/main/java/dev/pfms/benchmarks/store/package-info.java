/**
 * Store throughput: {@link dev.pfms.benchmarks.store.StoreImport} imports a million transactions into
 * SQLite and PostgreSQL with batched inserts and prints rows/s with the machine. A program, not a
 * test: no figure here is asserted.
 */
package dev.pfms.benchmarks.store;
