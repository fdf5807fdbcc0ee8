package dev.pfms.api.model;

import java.util.List;
import java.util.Objects;

/**
 * How unusual one transaction is.
 *
 * @param transactionId the scored transaction's id
 * @param score the detector's score: higher is more unusual; comparable within one detector
 * @param flagged whether the detector's threshold flags it
 * @param reasons human-readable reasons, e.g. "£412.00 at AMAZON is 9.3× your usual £44 there";
 *     never empty when flagged; detectors may leave them empty when not flagged
 */
public record AnomalyScore(String transactionId, double score, boolean flagged, List<String> reasons) {

  /** Validates the fields and copies the list. */
  public AnomalyScore {
    Objects.requireNonNull(transactionId, "transactionId");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score is NaN");
    }
    reasons = List.copyOf(reasons);
    if (flagged && reasons.isEmpty()) {
      throw new IllegalArgumentException("a flagged transaction needs at least one reason");
    }
  }
}
