package dev.pfms.api.store;

import dev.pfms.api.model.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A recurring series as stored (what recurring detection found), so that the next run and the
 * dashboard see it without detecting again.
 *
 * @param account the account
 * @param merchant the payee
 * @param cadence the cadence name, e.g. {@code MONTHLY}
 * @param expectedAmount the expected next amount
 * @param lastDate the last payment's date
 * @param expectedNext the expected next date
 * @param stopped whether the series looks stopped
 * @param transactionIds the ids of its payments, oldest first
 */
public record SeriesRecord(String account, String merchant, String cadence, Money expectedAmount,
    LocalDate lastDate, LocalDate expectedNext, boolean stopped, List<String> transactionIds) {

  /** Validates the fields and copies the list. */
  public SeriesRecord {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(merchant, "merchant");
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(expectedAmount, "expectedAmount");
    Objects.requireNonNull(lastDate, "lastDate");
    Objects.requireNonNull(expectedNext, "expectedNext");
    transactionIds = List.copyOf(transactionIds);
  }

  /** Shows the cadence and amount; no payee or account. */
  @Override
  public String toString() {
    return "SeriesRecord[" + cadence + " " + expectedAmount + " next " + expectedNext + "]";
  }
}
