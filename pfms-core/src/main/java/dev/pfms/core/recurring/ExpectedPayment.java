package dev.pfms.core.recurring;

import dev.pfms.api.model.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A known recurring item expected in the forecast window.
 *
 * @param date the expected date
 * @param merchant the payee or payer
 * @param amount the signed expected amount
 */
public record ExpectedPayment(LocalDate date, String merchant, Money amount) {

  /** Validates the fields. */
  public ExpectedPayment {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(merchant, "merchant");
    Objects.requireNonNull(amount, "amount");
  }
}
