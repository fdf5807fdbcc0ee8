package dev.pfms.api;

import dev.pfms.api.model.Purpose;

/**
 * Processing was refused because the data subject has not granted (or has revoked, or let expire)
 * consent for the purpose. Thrown before any of the subject's data is processed.
 */
public class ConsentRequiredException extends PfmsException {
  private static final long serialVersionUID = 1L;

  private final String subject;
  private final Purpose purpose;

  /**
   * Creates the exception.
   *
   * @param subject the data subject's identifier (a pseudonymous id, never a name)
   * @param purpose the purpose that lacks consent
   */
  public ConsentRequiredException(String subject, Purpose purpose) {
    super("no valid consent of subject '" + subject + "' for purpose " + purpose);
    this.subject = subject;
    this.purpose = purpose;
  }

  /**
   * Creates the exception with the reason consent could not be established, e.g. a ledger that
   * fails verification (processing is refused: consent fails closed).
   *
   * @param subject the data subject's identifier (a pseudonymous id, never a name)
   * @param purpose the purpose that lacks consent
   * @param reason why, e.g. which ledger entry fails verification; no personal data
   */
  public ConsentRequiredException(String subject, Purpose purpose, String reason) {
    super("no valid consent of subject '" + subject + "' for purpose " + purpose + ": " + reason);
    this.subject = subject;
    this.purpose = purpose;
  }

  /**
   * The subject whose consent is missing.
   *
   * @return the subject id
   */
  public String subject() {
    return subject;
  }

  /**
   * The purpose that lacks consent.
   *
   * @return the purpose
   */
  public Purpose purpose() {
    return purpose;
  }
}
