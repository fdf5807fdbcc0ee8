/**
 * pfms-crypto: privacy by construction on top of Google Tink. This package holds only the module's
 * exception type; field encryption lives in {@code field}, key-encryption keys and KMS plumbing in
 * {@code kms}, per-subject keys and crypto-shredding in {@code shred}, the Fernet reader/writer in
 * {@code fernet} and the {@code hash-chain} consent ledger in {@code ledger}. Nothing in this module
 * prints, logs or puts key material into an exception message.
 */
package dev.pfms.crypto;
