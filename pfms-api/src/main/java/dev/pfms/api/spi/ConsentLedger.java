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
 * <p>Thread-safe. The state of a subject's consent for a purpose and scope at an instant is decided
 * by the latest event for that subject and purpose at or before the instant whose scope covers the
 * asked scope ({@code "*"} covers every scope, {@code "account:1234"} only itself): a grant not yet
 * expired means granted; anything else means not granted. Asking for {@code "*"} (all of the
 * subject's data) needs a {@code "*"} grant in force and no later revocation of any narrower scope.
 *
 * <p>Implementations <strong>fail closed</strong>: when the ledger cannot be read or fails
 * {@link #verify()}, {@link #require} throws {@link ConsentRequiredException} naming the first bad
 * entry, whatever the entries that still verify say. They also record <em>their own</em> time:
 * an appended event's time is replaced by the ledger's clock (never going backwards), and an event
 * whose time is further from that clock than the ledger's documented skew is rejected.
 */
public interface ConsentLedger extends AutoCloseable {

  /**
   * Appends an event, stamped with the ledger's own clock.
   *
   * @param event the grant or revocation; its time is the caller's clock, checked against the
   *     ledger's (within the ledger's allowed skew) and replaced by the ledger's time
   * @return the recorded entry, with the time the ledger recorded
   * @throws IllegalArgumentException when the event's time is outside the allowed skew of the
   *     ledger's clock, or the expiry is not after the recorded time
   */
  ConsentEntry append(ConsentEvent event);

  /**
   * Whether consent is in force for a scope.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param scope the data asked for: {@code "*"} for all of the subject's data, or e.g. {@code "account:1234"}
   * @param at the instant
   * @return true when a covering grant is in force at {@code at}
   */
  boolean isGranted(String subject, Purpose purpose, String scope, Instant at);

  /**
   * Whether consent is in force for all of the subject's data (scope {@code "*"}).
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param at the instant
   * @return true when granted and not expired at {@code at}
   */
  default boolean isGranted(String subject, Purpose purpose, Instant at) {
    return isGranted(subject, purpose, "*", at);
  }

  /**
   * Fails unless consent is in force for a scope, and fails when the ledger does not verify.
   * Implementations that can be tampered with override this to check their integrity first.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param scope the data asked for ({@code "*"} or e.g. {@code "account:1234"})
   * @param at the instant
   * @throws ConsentRequiredException when it is not in force or the ledger fails verification
   */
  default void require(String subject, Purpose purpose, String scope, Instant at) {
    if (!isGranted(subject, purpose, scope, at)) {
      throw new ConsentRequiredException(subject, purpose, "not granted for scope " + scope + " at " + at);
    }
  }

  /**
   * Fails unless consent is in force for all of the subject's data (scope {@code "*"}).
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param at the instant
   * @throws ConsentRequiredException when it is not, or the ledger fails verification
   */
  default void require(String subject, Purpose purpose, Instant at) {
    require(subject, purpose, "*", at);
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
