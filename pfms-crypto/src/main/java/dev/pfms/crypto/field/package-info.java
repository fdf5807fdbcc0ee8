/**
 * Field-level encryption of PII (names, IBANs and account numbers, free-text references):
 * {@link dev.pfms.crypto.field.FieldKeyset} (the keys, with rotation),
 * {@link dev.pfms.crypto.field.FieldEncryptor} (AES-256-GCM bound to record id + field name, and
 * AES-SIV blind indexes for look-up) and {@link dev.pfms.crypto.field.ReEncryptionJob} (moves data to
 * the newest key). No storage lives here: callers keep ciphertexts wherever they keep records.
 */
package dev.pfms.crypto.field;
