/**
 * The {@code hash-chain} consent ledger: an append-only JSON-lines file, one fsync'd entry per line,
 * each entry hash-chained to the previous one ({@link dev.pfms.api.consent.ConsentChain}) and signed
 * with Tink Ed25519, plus a small head file that records the entry count so deleted tail entries are
 * detected. Only the ledger lives here; consent enforcement is {@code dev.pfms.api.consent.ConsentGuard}.
 */
package dev.pfms.crypto.ledger;
