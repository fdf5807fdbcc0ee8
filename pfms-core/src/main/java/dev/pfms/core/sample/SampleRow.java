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
 * @param transfer the transfer it is a leg of (both legs share the id; e.g. {@code card-3}), or empty
 */
public record SampleRow(Transaction transaction, boolean anomaly, String anomalyReason, String series, String transfer) {

  /** Validates the fields. */
  public SampleRow {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(anomalyReason, "anomalyReason");
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(transfer, "transfer");
  }

  /**
   * A row that is not a transfer leg.
   *
   * @param transaction the transaction
   * @param anomaly whether it was injected as an anomaly
   * @param anomalyReason why, or empty
   * @param series the recurring series, or empty
   */
  public SampleRow(Transaction transaction, boolean anomaly, String anomalyReason, String series) {
    this(transaction, anomaly, anomalyReason, series, "");
  }
}
