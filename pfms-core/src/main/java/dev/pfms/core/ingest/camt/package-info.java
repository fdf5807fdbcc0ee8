/**
 * The {@code camt053} ingestor: ISO 20022 camt.053 statements (and camt.052 reports) read with the
 * JDK's XML parser, with DTDs and external entities disabled.
 */
package dev.pfms.core.ingest.camt;
