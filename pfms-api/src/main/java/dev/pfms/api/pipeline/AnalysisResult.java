package dev.pfms.api.pipeline;

import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.money.Spending;
import dev.pfms.api.money.TransferMatch;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Pipeline} produced.
 *
 * @param transactions the input transactions with their predicted categories, in input order
 * @param predictions one prediction per transaction, in input order
 * @param anomalies one score per transaction, in input order
 * @param forecasts the spending forecast per primary category, by category code
 * @param transfers the transfers between the subject's own accounts (neither spending nor income)
 */
public record AnalysisResult(
    List<Transaction> transactions, List<Prediction> predictions, List<AnomalyScore> anomalies,
    Map<String, Forecast> forecasts, List<TransferMatch> transfers) {

  /** Validates the fields and copies the collections. */
  public AnalysisResult {
    transactions = dev.pfms.api.model.CompactTransactions.immutableCopy(transactions);
    predictions = dev.pfms.api.model.CompactPredictions.immutableCopy(predictions);
    anomalies = dev.pfms.api.model.CompactAnomalyScores.immutableCopy(anomalies);
    forecasts = Map.copyOf(Objects.requireNonNull(forecasts, "forecasts"));
    transfers = List.copyOf(transfers);
    if (predictions.size() != transactions.size() || anomalies.size() != transactions.size()) {
      throw new IllegalArgumentException("one prediction and one anomaly score per transaction are required");
    }
  }

  /**
   * A result with no transfers found.
   *
   * @param transactions the categorized transactions
   * @param predictions one prediction per transaction
   * @param anomalies one score per transaction
   * @param forecasts the spending forecasts by category code
   */
  public AnalysisResult(List<Transaction> transactions, List<Prediction> predictions, List<AnomalyScore> anomalies,
      Map<String, Forecast> forecasts) {
    this(transactions, predictions, anomalies, forecasts, List.of());
  }

  /**
   * Spending and income as this result defines them: less its transfers and internal categories.
   *
   * @return the definition
   */
  public Spending spending() {
    return Spending.excluding(transfers);
  }

  /** Counts only: transactions can carry personal data. */
  @Override
  public String toString() {
    return "AnalysisResult[" + transactions.size() + " transactions, "
        + anomalies.stream().filter(AnomalyScore::flagged).count() + " flagged, " + transfers.size() + " transfers, "
        + forecasts.size() + " forecasts]";
  }
}
