/**
 * Ingestion of bank exports: the format packages ({@code csv}, {@code ofx}, {@code qif}, {@code camt},
 * {@code mt940}), each with its {@link dev.pfms.api.spi.IngestorProvider}, and
 * {@link dev.pfms.core.ingest.TransactionSet}, which merges reports so that re-imports and overlapping
 * statements add nothing. Format code must not depend on another format's package; shared helpers
 * live in {@code ingest.internal}.
 */
package dev.pfms.core.ingest;
