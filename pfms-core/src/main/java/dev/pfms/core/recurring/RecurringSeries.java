package dev.pfms.core.recurring;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A detected recurring series: who, how often, how much, and what to expect next.
 *
 * @param account the account
 * @param merchant the normalized payee or payer
 * @param cadence how often it repeats
 * @param transactions the series' transactions, oldest first
 * @param fixedAmount whether the amount is fixed (a subscription) rather than variable (a utility)
 * @param expectedAmount the amount expected next (the latest price; signed)
 * @param lastDate the date of the latest payment
 * @param expectedNext the date the next payment is expected
 * @param stopped whether the series looks stopped: the expected payment is overdue by more than
 *     half a period (at least 3 days) at the detection date
 * @param priceChanges lasting amount changes, oldest first
 */
public record RecurringSeries(
    String account,
    String merchant,
    Cadence cadence,
    List<Transaction> transactions,
    boolean fixedAmount,
    Money expectedAmount,
    LocalDate lastDate,
    LocalDate expectedNext,
    boolean stopped,
    List<PriceChange> priceChanges) {

  /** Validates the fields and copies the lists. */
  public RecurringSeries {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(merchant, "merchant");
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(expectedAmount, "expectedAmount");
    Objects.requireNonNull(lastDate, "lastDate");
    Objects.requireNonNull(expectedNext, "expectedNext");
    transactions = List.copyOf(transactions);
    priceChanges = List.copyOf(priceChanges);
    if (transactions.isEmpty()) {
      throw new IllegalArgumentException("a series has at least one transaction");
    }
  }

  /**
   * Whether money comes in (salary) rather than goes out.
   *
   * @return true for income
   */
  public boolean incoming() {
    return expectedAmount.signum() > 0;
  }

  /** Shows the payee, cadence and amount; no transaction details. */
  @Override
  public String toString() {
    return "RecurringSeries[" + merchant + " " + cadence + " " + expectedAmount + " x" + transactions.size()
        + (stopped ? " stopped" : " next " + expectedNext) + "]";
  }
}
