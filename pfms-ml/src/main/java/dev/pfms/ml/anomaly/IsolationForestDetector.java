package dev.pfms.ml.anomaly;

import dev.pfms.api.ModelException;
import dev.pfms.core.anomaly.Feature;
import dev.pfms.core.anomaly.FeatureRow;
import dev.pfms.core.anomaly.Reasons;
import dev.pfms.core.anomaly.TransactionFeatures;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;
import smile.math.MathEx;

/**
 * Isolation Forest over the shared per-transaction features, with reasons.
 *
 * <p>{@link #fit} engineers the features of the history, grows {@code trees} Smile
 * {@link IsolationTree}s on random sub-samples of {@code sampleSize} rows (the sub-sampling of Liu,
 * Ting and Zhou; Smile 4.4's own {@code IsolationForest.fit} grows every tree on all rows), with
 * depth limit {@code ceil(log2(sampleSize))}, and compiles them into a {@link CompiledForest}. The
 * flagging threshold is either a fixed score or the {@code 1 - contamination} quantile of the
 * history's own scores. Fitting is deterministic for a seed: tree growth runs on the calling thread
 * after seeding Smile's thread-local generator ({@code MathEx.setSeed}).
 *
 * <p>Thread-safe: {@link #fit} builds the whole model aside and swaps it in with one volatile write.
 */
public final class IsolationForestDetector implements AnomalyDetector {

  private static final Logger log = LoggerFactory.getLogger(IsolationForestDetector.class);

  private final Settings settings;
  private volatile Model model;

  /**
   * The detector's settings.
   *
   * @param trees number of trees, at least 1
   * @param sampleSize rows per tree, at least 2
   * @param extensionLevel 0 for axis-parallel splits (classic), up to features-1 for extended
   * @param contamination expected share of anomalies, used when {@code threshold} is 0; in (0, 0.5)
   * @param threshold a fixed score threshold in (0, 1), or 0 to derive it from the contamination
   * @param seed the random seed
   * @param features the feature options
   * @param columns the features the forest sees (at least one)
   */
  public record Settings(int trees, int sampleSize, int extensionLevel, double contamination, double threshold,
      long seed, TransactionFeatures.Options features, List<Feature> columns) {

    /** Validates the values. */
    public Settings {
      if (trees < 1) {
        throw new IllegalArgumentException("trees must be >= 1: " + trees);
      }
      if (sampleSize < 2) {
        throw new IllegalArgumentException("sample-size must be >= 2: " + sampleSize);
      }
      columns = List.copyOf(columns);
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("features: at least one feature is needed");
      }
      if (extensionLevel < 0 || extensionLevel >= columns.size()) {
        throw new IllegalArgumentException("extension-level must be in [0," + (columns.size() - 1) + "]: "
            + extensionLevel);
      }
      if (!(contamination > 0 && contamination < 0.5)) {
        throw new IllegalArgumentException("contamination must be in (0,0.5): " + contamination);
      }
      if (!(threshold == 0 || (threshold > 0 && threshold < 1))) {
        throw new IllegalArgumentException("threshold must be 0 (use contamination) or in (0,1): " + threshold);
      }
      java.util.Objects.requireNonNull(features, "features");
    }
  }

  /** Everything fitted, swapped in as one. */
  private record Model(TransactionFeatures features, IsolationForest forest, CompiledForest compiled,
      double threshold) {

    double score(double[] x) {
      return compiled != null ? compiled.score(x) : forest.score(x);
    }
  }

  /**
   * Creates an unfitted detector.
   *
   * @param settings the settings
   */
  public IsolationForestDetector(Settings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void fit(List<Transaction> history) {
    if (history.size() < 2) {
      throw new ModelException("isolation-forest needs at least 2 history transactions, got " + history.size());
    }
    TransactionFeatures features = TransactionFeatures.fit(history, settings.features());
    double[][] x = project(features.extract(history));
    IsolationForest forest = grow(x);
    CompiledForest compiled = null;
    try {
      compiled = CompiledForest.compile(forest, settings.columns().size());
    } catch (IllegalStateException e) {
      log.warn("isolation-forest: {}", e.getMessage());
    }
    Model m = new Model(features, forest, compiled, 0);
    double threshold = settings.threshold();
    if (threshold == 0) {
      double[] s = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        s[i] = m.score(x[i]);
      }
      Arrays.sort(s);
      threshold = s[Math.min(s.length - 1, (int) Math.floor((1 - settings.contamination()) * s.length))];
    }
    model = new Model(features, forest, compiled, threshold);
    log.debug("isolation-forest fitted on {} transactions, threshold {}", x.length, threshold);
  }

  /** The columns the forest sees, in settings order. */
  double[][] project(List<FeatureRow> rows) {
    List<Feature> cols = settings.columns();
    int[] idx = new int[cols.size()];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = cols.get(j).ordinal();
    }
    double[][] x = new double[rows.size()][idx.length];
    for (int i = 0; i < x.length; i++) {
      double[] v = rows.get(i).values();
      for (int j = 0; j < idx.length; j++) {
        x[i][j] = v[idx[j]];
      }
    }
    return x;
  }

  private IsolationForest grow(double[][] x) {
    int n = x.length;
    int psi = Math.min(settings.sampleSize(), n);
    int maxDepth = (int) Math.ceil(Math.log(psi) / Math.log(2));
    SplittableRandom rnd = new SplittableRandom(settings.seed());
    MathEx.setSeed(settings.seed());
    IsolationTree[] trees = new IsolationTree[settings.trees()];
    int[] idx = new int[n];
    for (int t = 0; t < trees.length; t++) {
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      List<double[]> sample = new ArrayList<>(psi);
      for (int i = 0; i < psi; i++) {
        int j = i + rnd.nextInt(n - i);
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
        sample.add(x[idx[i]]);
      }
      trees[t] = new IsolationTree(sample, Math.max(1, maxDepth), settings.extensionLevel());
    }
    return new IsolationForest(psi, settings.extensionLevel(), trees);
  }

  @Override
  public List<AnomalyScore> score(List<Transaction> transactions) {
    Model m = model;
    if (m == null) {
      throw new ModelException("isolation-forest: call fit(history) before score(...)");
    }
    List<FeatureRow> rows = m.features().extract(transactions);
    double[][] x = project(rows);
    List<AnomalyScore> out = new ArrayList<>(rows.size());
    for (int i = 0; i < x.length; i++) {
      FeatureRow r = rows.get(i);
      double s = m.score(x[i]);
      boolean flagged = s >= m.threshold();
      List<String> reasons = Reasons.explain(r);
      if (flagged && reasons.isEmpty()) {
        reasons = List.of(Reasons.fallback(r, s));
      }
      out.add(new AnomalyScore(r.transaction().id(), s, flagged, reasons));
    }
    return out;
  }

  /**
   * The score from which transactions are flagged.
   *
   * @return the threshold
   * @throws ModelException when not fitted
   */
  public double threshold() {
    Model m = model;
    if (m == null) {
      throw new ModelException("isolation-forest: not fitted");
    }
    return m.threshold();
  }

  /**
   * Whether scoring runs through the compiled arrays (true) or through Smile (false).
   *
   * @return true when compiled
   * @throws ModelException when not fitted
   */
  public boolean compiled() {
    Model m = model;
    if (m == null) {
      throw new ModelException("isolation-forest: not fitted");
    }
    return m.compiled() != null;
  }

  /**
   * The fitted Smile forest, for inspection and comparison.
   *
   * @return the forest
   * @throws ModelException when not fitted
   */
  public IsolationForest forest() {
    Model m = model;
    if (m == null) {
      throw new ModelException("isolation-forest: not fitted");
    }
    return m.forest();
  }

  /**
   * The fitted features, for inspection.
   *
   * @return the features
   * @throws ModelException when not fitted
   */
  public TransactionFeatures features() {
    Model m = model;
    if (m == null) {
      throw new ModelException("isolation-forest: not fitted");
    }
    return m.features();
  }
}
