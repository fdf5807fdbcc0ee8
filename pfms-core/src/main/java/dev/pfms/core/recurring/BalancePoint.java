package dev.pfms.core.recurring;

import dev.pfms.api.model.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The projected balance at the end of one day.
 *
 * @param date the day
 * @param expected the expected balance
 * @param lower the lower bound at the forecast's level
 * @param upper the upper bound at the forecast's level
 */
public record BalancePoint(LocalDate date, Money expected, Money lower, Money upper) {

  /** Validates the fields. */
  public BalancePoint {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
  }
}
