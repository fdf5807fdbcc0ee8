package dev.pfms.core.recurring;

import dev.pfms.api.model.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A lasting change in the amount of a recurring series.
 *
 * @param date the date of the first payment at the new amount
 * @param from the amount before
 * @param to the amount from then on
 */
public record PriceChange(LocalDate date, Money from, Money to) {

  /** Validates the fields. */
  public PriceChange {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
