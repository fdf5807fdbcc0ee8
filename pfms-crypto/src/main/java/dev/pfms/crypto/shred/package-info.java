/**
 * Per-subject data keys and crypto-shredding: {@link dev.pfms.crypto.shred.SubjectKeyStore} gives
 * each data subject their own field keys, stored wrapped under the KEK; erasing a subject deletes
 * their keys, which makes every ciphertext of theirs unreadable while aggregates (kept unencrypted
 * or under other keys) and the consent ledger stay intact. Ciphertext storage is not kept here.
 */
package dev.pfms.crypto.shred;
