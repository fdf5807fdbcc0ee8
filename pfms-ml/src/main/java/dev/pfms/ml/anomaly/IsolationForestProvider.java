package dev.pfms.ml.anomaly;

import dev.pfms.core.anomaly.Feature;
import dev.pfms.core.anomaly.TransactionFeatures;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/** The {@code isolation-forest} anomaly detector (Smile IsolationForest over engineered features). */
public final class IsolationForestProvider implements AnomalyDetectorProvider {

  /** Number of trees. */
  public static final ConfigKey<Integer> TREES = ConfigKey.ofInt("trees", 100, "number of isolation trees").withRange(1, 10_000);
  /** Rows per tree. */
  public static final ConfigKey<Integer> SAMPLE_SIZE = ConfigKey.ofInt("sample-size", 256, "rows sampled per tree").withRange(2, 1_000_000);
  /** Extension level. */
  public static final ConfigKey<Integer> EXTENSION_LEVEL = ConfigKey.ofInt("extension-level", 0,
      "0 = axis-parallel splits (classic Isolation Forest); higher = extended (oblique) splits");
  /** Contamination. */
  public static final ConfigKey<Double> CONTAMINATION = ConfigKey.ofDouble("contamination", 0.02,
      "expected share of anomalies; sets the threshold when 'threshold' is 0").withRange(0.0, 0.5);
  /** Fixed threshold. */
  public static final ConfigKey<Double> THRESHOLD = ConfigKey.ofDouble("threshold", 0.0,
      "fixed score threshold in (0,1); 0 = from the contamination");
  /** Random seed. */
  public static final ConfigKey<Integer> SEED = ConfigKey.ofInt("seed", 42, "random seed");
  /** Duplicate window. */
  public static final ConfigKey<Integer> DUPLICATE_WINDOW_DAYS = ConfigKey.ofInt("duplicate-window-days", 3,
      "days within which the same merchant and amount is a duplicate").withRange(0, 366);
  /** Minimum history. */
  public static final ConfigKey<Integer> MIN_HISTORY = ConfigKey.ofInt("min-history", 3,
      "transactions a merchant or category needs before it is compared").withRange(1, 1_000_000);

  /**
   * Feature columns. The default leaves out the features that are mostly noise for isolation
   * (weekday, time since the last visit, direction, the merchant ratio that duplicates the z-score):
   * with all twelve, sample-data PR-AUC fell from 0.85 to 0.52 because each split picks a column
   * at random and the rare, telling ones (duplicates, first visits) were chosen less often.
   */
  public static final ConfigKey<String> FEATURES = ConfigKey.ofString("features",
      "LOG_AMOUNT,MERCHANT_Z,CATEGORY_Z,ACCOUNT_Z,NEW_MERCHANT,FOREIGN_CURRENCY,ROUND_AMOUNT,DUPLICATE_COUNT",
      "comma-separated feature names the forest sees (see dev.pfms.core.anomaly.Feature)");

  /** Creates the provider (cheap; no work happens until {@link #create}). */
  public IsolationForestProvider() {}

  @Override
  public String name() {
    return "isolation-forest";
  }

  @Override
  public String description() {
    return "Isolation Forest (own tree code) over per-merchant/category/account features, with reasons";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(TREES, SAMPLE_SIZE, EXTENSION_LEVEL, CONTAMINATION, THRESHOLD, SEED, DUPLICATE_WINDOW_DAYS,
        MIN_HISTORY, FEATURES);
  }

  @Override
  public int priority() {
    return 10;
  }

  /**
   * Parses a {@link #FEATURES} value.
   *
   * @param spec comma-separated feature names
   * @return the features, in order
   * @throws IllegalArgumentException naming an unknown feature
   */
  public static List<Feature> columns(String spec) {
    List<Feature> out = new java.util.ArrayList<>();
    for (String s : spec.split(",")) {
      String n = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      if (n.isEmpty()) {
        continue;
      }
      try {
        out.add(Feature.valueOf(n));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("option 'features': unknown feature '" + s.trim() + "'; known: "
            + java.util.Arrays.toString(Feature.values()), e);
      }
    }
    return out;
  }

  @Override
  public AnomalyDetector create(ProviderConfig config) {
    TransactionFeatures.Options f = new TransactionFeatures.Options(config.get(DUPLICATE_WINDOW_DAYS),
        config.get(MIN_HISTORY), 30);
    return new IsolationForestDetector(new IsolationForestDetector.Settings(config.get(TREES),
        config.get(SAMPLE_SIZE), config.get(EXTENSION_LEVEL), config.get(CONTAMINATION), config.get(THRESHOLD),
        config.get(SEED), f, columns(config.get(FEATURES))));
  }
}
