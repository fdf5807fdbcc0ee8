package dev.pfms.crypto.fernet;

import dev.pfms.crypto.CryptoException;

/** A Fernet token is invalid: malformed, altered, wrong key, expired or from the future. No secrets in the message. */
public class FernetException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the token is invalid
   */
  public FernetException(String message) {
    super(message);
  }
}
