package dev.pfms.crypto.shred;

import dev.pfms.crypto.CryptoException;

/** The subject's keys were erased (crypto-shredded): their encrypted data can no longer be read. */
public class SubjectShreddedException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param subject the subject's pseudonymous id
   */
  public SubjectShreddedException(String subject) {
    super("the keys of subject '" + subject + "' were erased (crypto-shredded); their encrypted data is unreadable");
  }
}
