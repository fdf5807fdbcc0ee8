package dev.pfms.api.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A grant or a revocation of consent, as asked to be recorded.
 *
 * @param subject the data subject's pseudonymous id
 * @param purpose what the consent is for
 * @param scope what data or recipient it covers, e.g. {@code "account:1234"} or {@code "*"}
 * @param granted true for a grant, false for a revocation
 * @param time when it was given or withdrawn
 * @param expiry when a grant lapses, or {@code null} for never
 * @param actor who recorded it (the subject, an app, a support agent)
 */
public record ConsentEvent(
    String subject, Purpose purpose, String scope, boolean granted, Instant time, Instant expiry,
    String actor) {

  /** Validates the fields. */
  public ConsentEvent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("subject must not be blank");
    }
    if (expiry != null && !expiry.isAfter(time)) {
      throw new IllegalArgumentException("expiry " + expiry + " is not after time " + time);
    }
  }

  /**
   * A grant with no expiry over every scope.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param time when
   * @param actor who recorded it
   * @return the event
   */
  public static ConsentEvent grant(String subject, Purpose purpose, Instant time, String actor) {
    return new ConsentEvent(subject, purpose, "*", true, time, null, actor);
  }

  /**
   * A revocation over every scope.
   *
   * @param subject the subject
   * @param purpose the purpose
   * @param time when
   * @param actor who recorded it
   * @return the event
   */
  public static ConsentEvent revoke(String subject, Purpose purpose, Instant time, String actor) {
    return new ConsentEvent(subject, purpose, "*", false, time, null, actor);
  }

  /**
   * The expiry, if any.
   *
   * @return the expiry
   */
  public Optional<Instant> findExpiry() {
    return Optional.ofNullable(expiry);
  }
}
