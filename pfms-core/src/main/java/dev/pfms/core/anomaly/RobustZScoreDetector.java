package dev.pfms.core.anomaly;

import dev.pfms.api.ModelException;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.ModelInput;
import dev.pfms.api.io.ModelOutput;
import dev.pfms.api.io.ModelRef;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline detector: how many robust deviations (median and MAD of {@code ln|amount|}) a
 * transaction lies above the usual amount at its merchant, or, when the merchant has too little
 * history, in its category, or else on its account. No ML library.
 *
 * <p>Holds its options only; {@link #fit} returns an immutable {@link Model}. Thread-safe.
 */
public final class RobustZScoreDetector implements AnomalyDetector {

  /** The provider name written to saved models. */
  static final String PROVIDER = "robust-zscore";
  /** The saved-model format version. */
  static final int FORMAT_VERSION = 1;
  private static final String FILE = "model.bin";
  private static final String MAGIC = "pfms/robust-zscore";

  private final double threshold;
  private final TransactionFeatures.Options options;

  /**
   * Creates a detector.
   *
   * @param threshold the score (robust deviations) from which a transaction is flagged, &gt; 0
   * @param options the feature options
   */
  public RobustZScoreDetector(double threshold, TransactionFeatures.Options options) {
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("threshold must be > 0: " + threshold);
    }
    this.threshold = threshold;
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  @Override
  public Model fit(List<Transaction> history) {
    if (history.isEmpty()) {
      throw new ModelException("robust-zscore needs at least 1 history transaction");
    }
    return new Model(TransactionFeatures.fit(history, options), threshold, metadata(history));
  }

  @Override
  public Fitted fitAndScore(List<Transaction> history) {
    Model m = fit(history);
    return new Fitted(m, m.scoreRows(m.features.extract(history)));
  }

  private ModelMetadata metadata(List<Transaction> history) {
    return new ModelMetadata(PROVIDER, ModelMetadata.versionOf(getClass()), FORMAT_VERSION, ModelKind.ANOMALY,
        TransactionFeatures.historyHash(history), history.size(), List.of(), Map.of("threshold", threshold),
        Instant.now(), Map.of("threshold", Double.toString(threshold),
            "min-history", Integer.toString(options.minHistory()),
            "duplicate-window-days", Integer.toString(options.duplicateWindowDays())));
  }

  @Override
  public Model load(SavedModel saved) {
    saved.expect(PROVIDER, ModelKind.ANOMALY, FORMAT_VERSION, FORMAT_VERSION);
    ModelInput in = saved.input(FILE);
    if (!MAGIC.equals(in.readUTF())) {
      throw in.corrupt("not a robust-zscore model");
    }
    double t = in.readFinite("threshold");
    if (!(t > 0)) {
      throw in.corrupt("threshold " + t);
    }
    TransactionFeatures f = TransactionFeatures.read(in);
    in.expectEnd();
    return new Model(f, t, saved.metadata());
  }

  /**
   * A fitted robust-zscore model. Immutable and thread-safe.
   */
  public static final class Model implements AnomalyModel {
    private final TransactionFeatures features;
    private final double threshold;
    private final ModelMetadata metadata;

    Model(TransactionFeatures features, double threshold, ModelMetadata metadata) {
      this.features = features;
      this.threshold = threshold;
      this.metadata = metadata;
    }

    @Override
    public List<AnomalyScore> score(List<Transaction> transactions) {
      return scoreRows(features.extract(transactions));
    }

    List<AnomalyScore> scoreRows(List<FeatureRow> rows) {
      int minHistory = features.options().minHistory();
      List<AnomalyScore> out = new ArrayList<>(rows.size());
      for (FeatureRow r : rows) {
        double s = RobustZScoreDetector.score(r, minHistory);
        out.add(Reasons.scored(r, s, s >= threshold));
      }
      return out;
    }

    /**
     * The fitted features.
     *
     * @return the features
     */
    public TransactionFeatures features() {
      return features;
    }

    @Override
    public ModelRef save(Path directory) throws IOException {
      return ModelDirectory.save(directory, metadata, Map.of(FILE, raw -> {
        ModelOutput out = new ModelOutput(raw);
        out.writeUTF(MAGIC);
        out.writeDouble(threshold);
        features.write(out);
        out.flush();
      }));
    }

    @Override
    public ModelMetadata metadata() {
      return metadata;
    }

    @Override
    public String toString() {
      return "robust-zscore model[" + metadata.trainingSize() + " transactions, threshold " + threshold + "]";
    }
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
