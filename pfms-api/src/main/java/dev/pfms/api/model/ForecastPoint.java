package dev.pfms.api.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One forecast period.
 *
 * @param periodStart the first day of the period
 * @param mean the point forecast
 * @param lower the lower bound of the prediction interval
 * @param upper the upper bound of the prediction interval
 */
public record ForecastPoint(LocalDate periodStart, BigDecimal mean, BigDecimal lower, BigDecimal upper) {

  /** Validates the fields. */
  public ForecastPoint {
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    if (lower.compareTo(mean) > 0 || upper.compareTo(mean) < 0) {
      throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] does not contain " + mean);
    }
  }
}
