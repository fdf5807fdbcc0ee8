package dev.pfms.core.anomaly;

import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * One transaction's features with the context that explains them (the usual amounts they were
 * measured against, the previous visit, the earlier identical charge).
 *
 * <p>{@code previousVisit} and {@code duplicateOf} may be {@code null}; use the {@code find…}
 * accessors. The {@code values} array is indexed by {@link Feature#ordinal()}; callers must not
 * modify it.
 *
 * @param transaction the transaction
 * @param values the feature values, indexed by {@link Feature#ordinal()}
 * @param merchantCount how many history transactions the merchant statistics rest on
 * @param merchantUsual the merchant's median absolute amount (zero when no history)
 * @param categoryCode the category code, or the empty string when uncategorized
 * @param categoryCount how many history transactions the category statistics rest on
 * @param categoryUsual the category's median absolute amount (zero when no history)
 * @param accountCount how many history transactions the account statistics rest on
 * @param accountUsual the account's median absolute amount in the same direction
 * @param homeCurrency the history's most frequent currency
 * @param previousVisit the date of the previous transaction with the merchant, or {@code null}
 * @param duplicateOf the date of the latest earlier identical charge in the window, or {@code null}
 */
public record FeatureRow(
    Transaction transaction,
    double[] values,
    int merchantCount,
    BigDecimal merchantUsual,
    String categoryCode,
    int categoryCount,
    BigDecimal categoryUsual,
    int accountCount,
    BigDecimal accountUsual,
    Currency homeCurrency,
    LocalDate previousVisit,
    LocalDate duplicateOf) {

  /** Validates the required fields. */
  public FeatureRow {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(merchantUsual, "merchantUsual");
    Objects.requireNonNull(categoryCode, "categoryCode");
    Objects.requireNonNull(categoryUsual, "categoryUsual");
    Objects.requireNonNull(accountUsual, "accountUsual");
    Objects.requireNonNull(homeCurrency, "homeCurrency");
    if (values.length != Feature.count()) {
      throw new IllegalArgumentException("expected " + Feature.count() + " values, got " + values.length);
    }
  }

  /**
   * One feature's value.
   *
   * @param f the feature
   * @return its value
   */
  public double get(Feature f) {
    return values[f.ordinal()];
  }

  /**
   * The previous transaction date with the same merchant, if any.
   *
   * @return the date
   */
  public Optional<LocalDate> findPreviousVisit() {
    return Optional.ofNullable(previousVisit);
  }

  /**
   * The date of the latest earlier charge with the same merchant and amount inside the window.
   *
   * @return the date
   */
  public Optional<LocalDate> findDuplicateOf() {
    return Optional.ofNullable(duplicateOf);
  }

  /** Shows the transaction id and feature values, no description. */
  @Override
  public String toString() {
    return "FeatureRow[" + transaction.id() + " " + java.util.Arrays.toString(values) + "]";
  }
}
