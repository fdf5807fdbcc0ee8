package dev.pfms.api.spi;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import java.time.Instant;
import java.util.List;

/**
 * An append-only, tamper-evident record of who consented to what, consulted before processing.
 *
 * <p>Thread-safe. The state of a subject's consent for a purpose at an instant is decided by the
 * latest event for that subject and purpose at or before the instant: a grant not yet expired means
 * granted; anything else means not granted.
 */
public interface ConsentLedger extends AutoCloseable {

  /**
   * Appends an event. Events may not go back in time for the same subject and purpose.
   *
   * @param event the grant or revocation
   * @return the recorded entry
   * @throws IllegalArgumentException when the event is older than the latest one for its subject and purpose
   */
  ConsentEntry append(ConsentEvent event);

  /**
   * Whether consent is in force.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param at the instant
   * @return true when granted and not expired at {@code at}
   */
  boolean isGranted(String subject, Purpose purpose, Instant at);

  /**
   * Fails unless consent is in force.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param at the instant
   * @throws ConsentRequiredException when it is not
   */
  default void require(String subject, Purpose purpose, Instant at) {
    if (!isGranted(subject, purpose, at)) {
      throw new ConsentRequiredException(subject, purpose);
    }
  }

  /**
   * A subject's entries, oldest first.
   *
   * @param subject the subject
   * @return the entries
   */
  List<ConsentEntry> history(String subject);

  /**
   * The number of entries.
   *
   * @return the size
   */
  long size();

  /**
   * Checks every entry and the links between them.
   *
   * @return the result, naming the first bad entry
   */
  LedgerVerification verify();

  /** Releases files or connections. Idempotent. */
  @Override
  void close();
}
