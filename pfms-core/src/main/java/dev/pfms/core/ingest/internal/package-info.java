/**
 * Helpers shared by the ingestors: fast amount and date parsers, charset detection, account masking
 * and the collector that assigns stable ids. Internal: not API, may change without notice, and must
 * not depend on any one format's package.
 */
package dev.pfms.core.ingest.internal;
