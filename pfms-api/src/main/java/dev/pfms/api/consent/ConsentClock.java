package dev.pfms.api.consent;

import dev.pfms.api.model.ConsentEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time a ledger records: its own clock, never going backwards, and a check that the caller's
 * clock agrees with it within a skew.
 *
 * <p>Every pfms ledger replaces an appended event's time with {@link #stamp}: the ledger clock's
 * reading, or one nanosecond after the latest entry when the clock has not moved past it (so
 * recorded times strictly increase through the ledger). An event whose own time is more than
 * {@link #maxSkew()} away from the ledger clock is rejected: a back-dated grant (2001 after 2025
 * entries) or a future-dated revocation never enters the ledger. The default skew is
 * {@link #DEFAULT_MAX_SKEW}. Immutable and thread-safe.
 */
public final class ConsentClock {

  /** The default allowed difference between the caller's clock and the ledger's: 5 minutes. */
  public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration maxSkew;

  /**
   * Creates a ledger clock.
   *
   * @param clock the ledger's clock
   * @param maxSkew the largest accepted difference between an event's time and the clock, not negative
   */
  public ConsentClock(Clock clock, Duration maxSkew) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
    if (maxSkew.isNegative()) {
      throw new IllegalArgumentException("maxSkew must not be negative: " + maxSkew);
    }
  }

  /**
   * The system UTC clock with the default skew.
   *
   * @return the clock
   */
  public static ConsentClock system() {
    return new ConsentClock(Clock.systemUTC(), DEFAULT_MAX_SKEW);
  }

  /**
   * The largest accepted difference between an event's time and the ledger clock.
   *
   * @return the skew
   */
  public Duration maxSkew() {
    return maxSkew;
  }

  /**
   * The ledger clock's current reading.
   *
   * @return now
   */
  public Instant now() {
    return clock.instant();
  }

  /**
   * The event as the ledger records it: with the ledger's time.
   *
   * @param event the event as the caller asked for it
   * @param lastRecorded the latest time already in the ledger, or {@code null} when empty
   * @return the event with the recorded time
   * @throws IllegalArgumentException when the event's time is further than the skew from the ledger
   *     clock, or its expiry is not after the recorded time
   */
  public ConsentEvent stamp(ConsentEvent event, Instant lastRecorded) {
    Objects.requireNonNull(event, "event");
    Instant now = clock.instant();
    Duration off = Duration.between(now, event.time()).abs();
    if (off.compareTo(maxSkew) > 0) {
      throw new IllegalArgumentException("consent event time " + event.time() + " is " + off
          + " away from the ledger's clock (" + now + "); at most " + maxSkew
          + " is accepted (the ledger records its own time; back- or future-dated events are refused)");
    }
    Instant t = lastRecorded != null && !now.isAfter(lastRecorded) ? lastRecorded.plusNanos(1) : now;
    if (event.expiry() != null && !event.expiry().isAfter(t)) {
      throw new IllegalArgumentException("consent event expiry " + event.expiry() + " is not after the recorded time " + t);
    }
    return new ConsentEvent(event.subject(), event.purpose(), event.scope(), event.granted(), t, event.expiry(),
        event.actor());
  }

  @Override
  public String toString() {
    return "ConsentClock[" + clock + ", maxSkew=" + maxSkew + "]";
  }
}
