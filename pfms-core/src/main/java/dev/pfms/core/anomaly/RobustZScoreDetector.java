package dev.pfms.core.anomaly;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline detector: how many robust deviations (median and MAD of {@code ln|amount|}) a
 * transaction lies above the usual amount at its merchant, or, when the merchant has too little
 * history, in its category, or else on its account. No ML library.
 *
 * <p>Thread-safe: {@link #fit} builds the new statistics aside and swaps them in atomically, and
 * {@link #score} reads one consistent snapshot.
 */
public final class RobustZScoreDetector implements AnomalyDetector {

  private final double threshold;
  private final TransactionFeatures.Options options;
  private volatile TransactionFeatures model;

  /**
   * Creates an unfitted detector.
   *
   * @param threshold the score (robust deviations) from which a transaction is flagged, &gt; 0
   * @param options the feature options
   */
  public RobustZScoreDetector(double threshold, TransactionFeatures.Options options) {
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("threshold must be > 0: " + threshold);
    }
    this.threshold = threshold;
    this.options = options;
  }

  @Override
  public void fit(List<Transaction> history) {
    model = TransactionFeatures.fit(history, options);
  }

  @Override
  public List<AnomalyScore> score(List<Transaction> transactions) {
    TransactionFeatures m = model;
    if (m == null) {
      throw new ModelException("robust-zscore: call fit(history) before score(...)");
    }
    List<FeatureRow> rows = m.extract(transactions);
    List<AnomalyScore> out = new ArrayList<>(rows.size());
    for (FeatureRow r : rows) {
      double s = score(r, options.minHistory());
      boolean flagged = s >= threshold;
      List<String> reasons = Reasons.explain(r);
      if (flagged && reasons.isEmpty()) {
        reasons = List.of(Reasons.fallback(r, s));
      }
      out.add(new AnomalyScore(r.transaction().id(), s, flagged, reasons));
    }
    return out;
  }

  /**
   * The baseline score of a feature row: the upward robust z-score of the amount against the most
   * specific history that is long enough (merchant, then category, then account).
   *
   * @param r the row
   * @param minHistory the history a merchant or category needs
   * @return the score, at least 0
   */
  static double score(FeatureRow r, int minHistory) {
    double s;
    if (r.merchantCount() >= minHistory) {
      s = r.get(Feature.MERCHANT_Z);
    } else if (r.categoryCount() >= minHistory) {
      s = r.get(Feature.CATEGORY_Z);
    } else {
      s = r.get(Feature.ACCOUNT_Z);
    }
    return Math.max(0, s);
  }
}
