package dev.pfms.core.anomaly;

/**
 * The engineered features of one transaction, in the column order of
 * {@link FeatureRow#values()}. Amount features work on {@code ln(|amount|)}, so "3× the usual" is the
 * same distance for a coffee and for rent.
 */
public enum Feature {
  /** {@code ln(1 + |amount|)}. */
  LOG_AMOUNT,
  /** Robust z-score of {@code ln|amount|} against the merchant's history (0 when too little). */
  MERCHANT_Z,
  /** {@code ln(|amount| / usual amount at the merchant)} (0 when too little history). */
  MERCHANT_LOG_RATIO,
  /** Robust z-score of {@code ln|amount|} against the category's history (0 when uncategorized). */
  CATEGORY_Z,
  /** Robust z-score of {@code ln|amount|} against all payments in the same direction on the account. */
  ACCOUNT_Z,
  /** {@code ln(1 + days)} since the previous transaction with the merchant (the whole span if none). */
  LOG_DAYS_SINCE_MERCHANT,
  /** 1 for the first transaction with a merchant after the warm-up period, else 0. */
  NEW_MERCHANT,
  /** How usual the weekday is for this merchant: 1 = average, below 1 = rare (smoothed). */
  WEEKDAY_SHARE,
  /** 1 when the amount is in another currency than the account's usual one, or says so. */
  FOREIGN_CURRENCY,
  /** 1 for a round amount in tens (at least 50), 0.5 for whole units (at least 10), else 0. */
  ROUND_AMOUNT,
  /** How many earlier transactions had the same merchant and amount within the duplicate window. */
  DUPLICATE_COUNT,
  /** 1 for money in, 0 for money out. */
  INCOMING;

  /**
   * The number of features.
   *
   * @return the column count
   */
  public static int count() {
    return values().length;
  }
}
