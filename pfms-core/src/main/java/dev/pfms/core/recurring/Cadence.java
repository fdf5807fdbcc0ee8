package dev.pfms.core.recurring;

import java.time.LocalDate;

/** How often a recurring series repeats, with the gap in days it tolerates as date jitter. */
public enum Cadence {
  /** Every week (gaps of 5 to 9 days). */
  WEEKLY(7, 5, 9),
  /** Every two weeks (11 to 17 days). */
  FORTNIGHTLY(14, 11, 17),
  /** Every month (26 to 35 days). */
  MONTHLY(30.44, 26, 35),
  /** Every quarter (82 to 100 days). */
  QUARTERLY(91.31, 82, 100),
  /** Every year (350 to 380 days). */
  YEARLY(365.25, 350, 380);

  private final double days;
  private final int minGap;
  private final int maxGap;

  Cadence(double days, int minGap, int maxGap) {
    this.days = days;
    this.minGap = minGap;
    this.maxGap = maxGap;
  }

  /**
   * The average period in days.
   *
   * @return the days
   */
  public double days() {
    return days;
  }

  /**
   * The shortest gap that still counts as one period.
   *
   * @return days
   */
  public int minGap() {
    return minGap;
  }

  /**
   * The longest gap that still counts as one period.
   *
   * @return days
   */
  public int maxGap() {
    return maxGap;
  }

  /**
   * The date one period after another, keeping a preferred day of the month for monthly, quarterly
   * and yearly cadences (clamped to the month's length).
   *
   * @param date the date
   * @param dayOfMonth the preferred day of the month (1 to 31), ignored for weekly cadences
   * @return the next date
   */
  public LocalDate next(LocalDate date, int dayOfMonth) {
    LocalDate n = switch (this) {
      case WEEKLY -> date.plusWeeks(1);
      case FORTNIGHTLY -> date.plusWeeks(2);
      case MONTHLY -> date.plusMonths(1);
      case QUARTERLY -> date.plusMonths(3);
      case YEARLY -> date.plusYears(1);
    };
    if (this == WEEKLY || this == FORTNIGHTLY) {
      return n;
    }
    return n.withDayOfMonth(Math.min(dayOfMonth, n.lengthOfMonth()));
  }
}
