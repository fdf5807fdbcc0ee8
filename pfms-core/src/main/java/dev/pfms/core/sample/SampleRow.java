package dev.pfms.core.sample;

import dev.pfms.api.model.Transaction;
import java.util.Objects;

/**
 * One generated transaction with its ground truth.
 *
 * @param transaction the transaction, with its true category
 * @param anomaly whether it was injected as an anomaly
 * @param anomalyReason why (e.g. {@code amount_spike}, {@code duplicate_charge}), or empty
 * @param series the recurring series it belongs to (e.g. {@code netflix}), or empty
 */
public record SampleRow(Transaction transaction, boolean anomaly, String anomalyReason, String series) {

  /** Validates the fields. */
  public SampleRow {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(anomalyReason, "anomalyReason");
    Objects.requireNonNull(series, "series");
  }
}
