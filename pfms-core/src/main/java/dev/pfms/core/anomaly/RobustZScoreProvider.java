package dev.pfms.core.anomaly;

import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/** The {@code robust-zscore} anomaly detector: the dependency-free baseline. */
public final class RobustZScoreProvider implements AnomalyDetectorProvider {

  /** Robust deviations from which a transaction is flagged. */
  public static final ConfigKey<Double> THRESHOLD =
      ConfigKey.ofDouble("threshold", 3.5, "robust deviations above the usual amount from which to flag").withRange(0.0, 1e6);
  /** Minimum history of a merchant or category before its statistics count. */
  public static final ConfigKey<Integer> MIN_HISTORY =
      ConfigKey.ofInt("min-history", 3, "transactions a merchant or category needs before it is compared").withRange(1, 1_000_000);
  /** Duplicate window in days (used by the reasons). */
  public static final ConfigKey<Integer> DUPLICATE_WINDOW_DAYS =
      ConfigKey.ofInt("duplicate-window-days", 3, "days within which the same merchant and amount is a duplicate").withRange(0, 366);

  /** Creates the provider (cheap; no work happens until {@link #create}). */
  public RobustZScoreProvider() {}

  @Override
  public String name() {
    return "robust-zscore";
  }

  @Override
  public String description() {
    return "Baseline: robust z-score (median/MAD of log amount) per merchant, category and account; no ML";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(THRESHOLD, MIN_HISTORY, DUPLICATE_WINDOW_DAYS);
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public AnomalyDetector create(ProviderConfig config) {
    TransactionFeatures.Options o = new TransactionFeatures.Options(
        config.get(DUPLICATE_WINDOW_DAYS), config.get(MIN_HISTORY), 30);
    return new RobustZScoreDetector(config.get(THRESHOLD), o);
  }
}
