/**
 * The {@code ofx} ingestor: one lenient tree reader for OFX 1.x SGML and 2.x XML (and files that mix
 * them), and the mapping of bank, card and investment-cash statements to transactions. No XML parser
 * is used (SGML is not XML), so no external entity is ever resolved.
 */
package dev.pfms.core.ingest.ofx;
