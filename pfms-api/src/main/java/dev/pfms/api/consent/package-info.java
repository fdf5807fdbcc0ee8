/**
 * Consent types every ledger shares: the canonical, hash-chained encoding of consent entries
 * ({@link dev.pfms.api.consent.ConsentChain}), the state a chain implies
 * ({@link dev.pfms.api.consent.ConsentState}), receipts a person can keep
 * ({@link dev.pfms.api.consent.ConsentReceipts}), and {@link dev.pfms.api.consent.ConsentGuard},
 * which makes every service check consent before it touches a subject's data. Ledger
 * implementations live in provider modules; nothing here reads or writes files or depends on a
 * crypto library beyond the JDK.
 */
package dev.pfms.api.consent;
