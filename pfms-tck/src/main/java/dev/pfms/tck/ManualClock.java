package dev.pfms.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests set and advance by hand, for ledgers that stamp entries with their own time.
 * Thread-safe.
 */
public final class ManualClock extends Clock {

  private volatile Instant now;

  /**
   * Creates a clock at an instant.
   *
   * @param start the first reading
   */
  public ManualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * Sets the reading.
   *
   * @param instant the new reading
   * @return this
   */
  public ManualClock set(Instant instant) {
    this.now = Objects.requireNonNull(instant, "instant");
    return this;
  }

  /**
   * Moves the reading on.
   *
   * @param d how far
   * @return this
   */
  public ManualClock advance(Duration d) {
    this.now = now.plus(d);
    return this;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
