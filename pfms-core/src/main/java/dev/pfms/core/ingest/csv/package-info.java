/**
 * The {@code csv} ingestor: layout detection (charset, delimiter, preamble, header names in several
 * languages, date order, decimal comma, sign conventions), JSON {@link dev.pfms.core.ingest.csv.CsvProfile}s
 * and the row loop. Detection happens once per file, never per row; nothing here logs or keeps row
 * contents beyond the report it returns.
 */
package dev.pfms.core.ingest.csv;
