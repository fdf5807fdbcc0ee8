/**
 * The {@code qif} ingestor: Quicken Interchange Format records ({@code D}, {@code T}, {@code P},
 * {@code M}, {@code N}, {@code L}) in bank, cash and card accounts. Split lines are not separate
 * transactions.
 */
package dev.pfms.core.ingest.qif;
