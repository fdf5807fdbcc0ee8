/**
 * Consent in core: the canonical, hash-chained encoding of consent entries shared by every ledger
 * ({@link dev.pfms.core.consent.ConsentChain}), the non-durable {@code in-memory} ledger for tests
 * and demos, consent receipts a person can keep, and {@link dev.pfms.core.consent.ConsentGuard},
 * which makes categorizers, anomaly detectors and forecasters check consent before they touch a
 * subject's data. Durable, signed ledgers live in other modules (e.g. {@code hash-chain} in
 * pfms-crypto); nothing here reads or writes files or depends on a crypto library beyond the JDK.
 */
package dev.pfms.core.consent;
