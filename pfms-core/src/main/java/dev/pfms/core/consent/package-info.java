/**
 * The non-durable {@code in-memory} consent ledger for tests and demos. The consent types every
 * ledger shares (the canonical hash-chained encoding, receipts, the guard) live in
 * {@code dev.pfms.api.consent}; durable, signed ledgers live in other modules (e.g.
 * {@code hash-chain} in pfms-crypto). Nothing here reads or writes files.
 */
package dev.pfms.core.consent;
