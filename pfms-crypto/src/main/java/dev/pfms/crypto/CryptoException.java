package dev.pfms.crypto;

import dev.pfms.api.PfmsException;

/**
 * Encryption, decryption or key handling failed. The message says what and where (record id,
 * field name, key id, file), never the key material or the plaintext.
 */
public class CryptoException extends PfmsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   */
  public CryptoException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause (Tink's exceptions carry no key material).
   *
   * @param message what failed, without secrets
   * @param cause the underlying failure
   */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
