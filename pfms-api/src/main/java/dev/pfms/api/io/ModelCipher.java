package dev.pfms.api.io;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption of saved-model files at rest. A fitted model can hold personal data — an
 * anomaly model keeps the history's merchant and account names, transaction ids and visit dates; a
 * categorizer keeps training descriptions — so a directory {@linkplain ModelDirectory#protect
 * protected} with a cipher has every model file sealed when saved and opened when read, in memory.
 *
 * <p>pfms-crypto implements it with Tink (a per-subject key, so crypto-shredding the subject makes
 * its saved models unreadable); any AEAD with associated data will do. Implementations must be
 * thread-safe and must never put key material or plaintext in exceptions or {@code toString()}.
 */
public interface ModelCipher {

  /**
   * A non-secret identifier of the key, recorded in {@code metadata.json} so that an error can say
   * which key a model needs.
   *
   * @return the key id, e.g. {@code "tink:123456789"}
   */
  String keyId();

  /**
   * Encrypts and authenticates.
   *
   * @param plaintext the file's bytes
   * @param associatedData bound to the ciphertext (provider, kind, training hash, created-at and file
   *     name, so a file cannot be moved to another model or name)
   * @return the ciphertext
   * @throws GeneralSecurityException when encryption fails
   */
  byte[] seal(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

  /**
   * Authenticates and decrypts.
   *
   * @param ciphertext from {@link #seal}
   * @param associatedData the same as when sealing
   * @return the plaintext
   * @throws GeneralSecurityException when the key is wrong, revoked or shredded, or the bytes or
   *     associated data were changed
   */
  byte[] open(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
}
