package dev.pfms.api.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** The period of a time series, with its natural seasonal cycle. */
public enum Granularity {
  /** One point a day; weekly season. */
  DAILY(7),
  /** One point a week (weeks start on Monday); yearly season of 52. */
  WEEKLY(52),
  /** One point a month; yearly season of 12. */
  MONTHLY(12);

  private final int seasonLength;

  Granularity(int seasonLength) {
    this.seasonLength = seasonLength;
  }

  /**
   * The number of periods in one seasonal cycle.
   *
   * @return 7, 52 or 12
   */
  public int seasonLength() {
    return seasonLength;
  }

  /**
   * The start of the period containing a date.
   *
   * @param date a date
   * @return the first day of its period
   */
  public LocalDate periodStart(LocalDate date) {
    return switch (this) {
      case DAILY -> date;
      case WEEKLY -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHLY -> date.withDayOfMonth(1);
    };
  }

  /**
   * The start of the period {@code n} periods after the one starting at {@code start}.
   *
   * @param start a period start
   * @param n periods to add (may be negative)
   * @return the shifted period start
   */
  public LocalDate plus(LocalDate start, long n) {
    return switch (this) {
      case DAILY -> start.plusDays(n);
      case WEEKLY -> start.plusWeeks(n);
      case MONTHLY -> start.plusMonths(n);
    };
  }

  /**
   * Whole periods from one period start to another.
   *
   * @param from the earlier period start
   * @param to the later period start
   * @return the number of periods between them
   */
  public long between(LocalDate from, LocalDate to) {
    return switch (this) {
      case DAILY -> ChronoUnit.DAYS.between(from, to);
      case WEEKLY -> ChronoUnit.WEEKS.between(from, to);
      case MONTHLY -> ChronoUnit.MONTHS.between(from, to);
    };
  }
}
