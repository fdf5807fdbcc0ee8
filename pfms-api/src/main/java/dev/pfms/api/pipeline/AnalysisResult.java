package dev.pfms.api.pipeline;

import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
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
 */
public record AnalysisResult(
    List<Transaction> transactions, List<Prediction> predictions, List<AnomalyScore> anomalies,
    Map<String, Forecast> forecasts) {

  /** Validates the fields and copies the collections. */
  public AnalysisResult {
    transactions = List.copyOf(transactions);
    predictions = List.copyOf(predictions);
    anomalies = List.copyOf(anomalies);
    forecasts = Map.copyOf(Objects.requireNonNull(forecasts, "forecasts"));
    if (predictions.size() != transactions.size() || anomalies.size() != transactions.size()) {
      throw new IllegalArgumentException("one prediction and one anomaly score per transaction are required");
    }
  }

  /** Counts only: transactions can carry personal data. */
  @Override
  public String toString() {
    return "AnalysisResult[" + transactions.size() + " transactions, "
        + anomalies.stream().filter(AnomalyScore::flagged).count() + " flagged, " + forecasts.size() + " forecasts]";
  }
}
