package dev.pfms.api.money;

import java.util.Objects;

/**
 * Two transactions that are one movement of the user's own money: it left one account
 * ({@link #outId}) and reached another ({@link #inId}). Neither leg is spending or income.
 *
 * @param outId the id of the leg that left an account (negative amount)
 * @param inId the id of the leg that reached another account (positive amount)
 * @param kind what sort of movement it is
 * @param confidence how sure the detector is, in [0, 1]
 * @param explanation why, in words a person understands (no amounts or descriptions: those are
 *     personal data and already on the transactions)
 */
public record TransferMatch(String outId, String inId, Kind kind, double confidence, String explanation) {

  /** What sort of movement a transfer is. */
  public enum Kind {
    /** Between two accounts in one currency (current → savings). */
    OWN_ACCOUNTS,
    /** A credit-card repayment: from an account to the card. */
    CARD_REPAYMENT,
    /** Between accounts in different currencies, matched through an exchange rate. */
    CROSS_CURRENCY
  }

  /** Validates the fields. */
  public TransferMatch {
    Objects.requireNonNull(outId, "outId");
    Objects.requireNonNull(inId, "inId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(explanation, "explanation");
    if (outId.equals(inId)) {
      throw new IllegalArgumentException("a transfer needs two different transactions");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
  }
}
