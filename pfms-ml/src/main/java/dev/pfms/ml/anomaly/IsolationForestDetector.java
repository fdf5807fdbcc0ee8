package dev.pfms.ml.anomaly;

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
import dev.pfms.core.anomaly.Feature;
import dev.pfms.core.anomaly.FeatureRow;
import dev.pfms.core.anomaly.Reasons;
import dev.pfms.core.anomaly.TransactionFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Isolation Forest over the shared per-transaction features, with reasons.
 *
 * <p>{@link #fit} engineers the features of the history and grows an {@link IsolationForest}
 * (this package's own tree code: plain arrays, no reflection, saved as they are) of {@code trees}
 * trees on sub-samples of {@code sampleSize} rows. The flagging threshold is either a fixed score or
 * the {@code 1 - contamination} quantile of the history's own scores. Fitting is deterministic for a
 * seed. The detector holds its settings only; {@link Model} is immutable. Thread-safe.
 */
public final class IsolationForestDetector implements AnomalyDetector {

  /** The provider name written to saved models. */
  static final String PROVIDER = "isolation-forest";
  /** The saved-model format version. */
  static final int FORMAT_VERSION = 1;
  private static final String FILE = "model.bin";
  private static final String MAGIC = "pfms/isolation-forest";

  private final Settings settings;

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

  /**
   * Creates a detector.
   *
   * @param settings the settings
   */
  public IsolationForestDetector(Settings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Model fit(List<Transaction> history) {
    return fitRows(history).model;
  }

  @Override
  public Fitted fitAndScore(List<Transaction> history) {
    FitState f = fitRows(history);
    return new Fitted(f.model, f.model.score(f.rows, f.scores));
  }

  private record FitState(Model model, TransactionFeatures.Extraction rows, double[] scores) {}

  private FitState fitRows(List<Transaction> history) {
    if (history.size() < 2) {
      throw new ModelException("isolation-forest needs at least 2 history transactions, got " + history.size());
    }
    TransactionFeatures features = TransactionFeatures.fit(history, settings.features());
    // streamed (ADR 0019): rows are built on demand — the forest asks for its sampled rows only, scoring
    // projects one row at a time into a buffer — so neither the rows nor an n x columns matrix is held
    TransactionFeatures.Extraction rows = features.extraction(history);
    int[] columns = settings.columns().stream().mapToInt(Feature::ordinal).toArray();
    IsolationForest forest = IsolationForest.grow(rows.size(), columns.length, i -> project(rows.row(i), columns),
        settings.trees(), settings.sampleSize(), settings.extensionLevel(), settings.seed());
    double[] scores = new double[rows.size()];
    // each score depends on its own row only: chunks side by side give the same scores on any thread count
    int chunk = 1024;
    java.util.stream.IntStream.range(0, (scores.length + chunk - 1) / chunk).parallel().forEach(c -> {
      double[] x = new double[columns.length];
      double[] scratch = new double[forest.scratchSize()];
      for (int i = c * chunk, end = Math.min(scores.length, i + chunk); i < end; i++) {
        double[] v = rows.row(i).values();
        for (int j = 0; j < columns.length; j++) {
          x[j] = v[columns[j]];
        }
        scores[i] = forest.score(x, scratch);
      }
    });
    double threshold = settings.threshold();
    if (threshold == 0) {
      double[] s = scores.clone();
      Arrays.sort(s);
      threshold = s[Math.min(s.length - 1, (int) Math.floor((1 - settings.contamination()) * s.length))];
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("trees", Integer.toString(settings.trees()));
    params.put("sample-size", Integer.toString(settings.sampleSize()));
    params.put("extension-level", Integer.toString(settings.extensionLevel()));
    params.put("contamination", Double.toString(settings.contamination()));
    params.put("threshold", Double.toString(settings.threshold()));
    params.put("seed", Long.toString(settings.seed()));
    params.put("features", settings.columns().stream().map(Enum::name).collect(Collectors.joining(",")));
    params.put("duplicate-window-days", Integer.toString(settings.features().duplicateWindowDays()));
    params.put("min-history", Integer.toString(settings.features().minHistory()));
    ModelMetadata md = new ModelMetadata(PROVIDER, ModelMetadata.versionOf(getClass()), FORMAT_VERSION,
        ModelKind.ANOMALY, TransactionFeatures.historyHash(history), history.size(), List.of(),
        Map.of("threshold", threshold, "nodes", (double) forest.nodes()), Instant.now(), params);
    return new FitState(new Model(features, forest, columns, threshold, md), rows, scores);
  }

  static double[] project(FeatureRow row, int[] columns) {
    double[] x = new double[columns.length];
    double[] v = row.values();
    for (int j = 0; j < columns.length; j++) {
      x[j] = v[columns[j]];
    }
    return x;
  }

  @Override
  public Model load(SavedModel saved) {
    saved.expect(PROVIDER, ModelKind.ANOMALY, FORMAT_VERSION, FORMAT_VERSION);
    ModelInput in = saved.input(FILE);
    if (!MAGIC.equals(in.readUTF())) {
      throw in.corrupt("not an isolation-forest model");
    }
    double threshold = in.readFinite("threshold");
    int[] columns = in.readInts("columns");
    for (int c : columns) {
      if (c < 0 || c >= Feature.count()) {
        throw in.corrupt("feature column " + c);
      }
    }
    IsolationForest forest = IsolationForest.read(in);
    if (forest.dimensions() != columns.length) {
      throw in.corrupt("forest has " + forest.dimensions() + " dimensions for " + columns.length + " columns");
    }
    TransactionFeatures features = TransactionFeatures.read(in);
    in.expectEnd();
    return new Model(features, forest, columns, threshold, saved.metadata());
  }

  /** A fitted isolation-forest model. Immutable and thread-safe. */
  public static final class Model implements AnomalyModel {
    private final TransactionFeatures features;
    private final IsolationForest forest;
    private final int[] columns;
    private final double threshold;
    private final ModelMetadata metadata;

    Model(TransactionFeatures features, IsolationForest forest, int[] columns, double threshold,
        ModelMetadata metadata) {
      this.features = features;
      this.forest = forest;
      this.columns = columns;
      this.threshold = threshold;
      this.metadata = metadata;
    }

    @Override
    public List<AnomalyScore> score(List<Transaction> transactions) {
      return score(features.extraction(transactions), null);
    }

    /** Scores each row (or takes its known score); builds a row's reasons only when it is flagged. */
    List<AnomalyScore> score(TransactionFeatures.Extraction rows, double[] known) {
      // ~17 B a row instead of a record and its own id string (ADR 0019)
      dev.pfms.api.model.CompactAnomalyScores.Builder out =
          dev.pfms.api.model.CompactAnomalyScores.builder(rows.size());
      double[] x = new double[columns.length];
      double[] scratch = new double[forest.scratchSize()];
      for (int i = 0; i < rows.size(); i++) {
        double s;
        FeatureRow r = null;
        if (known != null) {
          s = known[i];
        } else {
          r = rows.row(i);
          double[] v = r.values();
          for (int j = 0; j < columns.length; j++) {
            x[j] = v[columns[j]];
          }
          s = forest.score(x, scratch);
        }
        boolean flagged = s >= threshold;
        if (flagged || r != null) {
          out.add(Reasons.scored(r != null ? r : rows.row(i), s, flagged));
        } else {
          out.add(new AnomalyScore(rows.transaction(i).id(), s, false, List.of()));
        }
      }
      return out.build();
    }

    /**
     * The score of one row of the forest's columns, for benchmarks and comparisons.
     *
     * @param x the values of the model's columns, in settings order
     * @return the score in (0, 1]
     */
    public double scoreRow(double[] x) {
      return forest.score(x);
    }

    /**
     * The scores of many rows of the forest's columns, allocating nothing per row.
     *
     * @param rows the rows, each with the model's columns in settings order
     * @param out receives one score per row, at least {@code rows.length} long
     */
    public void scoreRows(double[][] rows, double[] out) {
      if (out.length < rows.length) {
        throw new IllegalArgumentException("out has " + out.length + " slots for " + rows.length + " rows");
      }
      forest.scoreAll(rows, out);
    }

    /**
     * The score from which transactions are flagged.
     *
     * @return the threshold
     */
    public double threshold() {
      return threshold;
    }

    /**
     * The fitted features.
     *
     * @return the features
     */
    public TransactionFeatures features() {
      return features;
    }

    /**
     * The total number of tree nodes.
     *
     * @return the count
     */
    public int nodes() {
      return forest.nodes();
    }

    @Override
    public ModelRef save(Path directory) throws IOException {
      return ModelDirectory.save(directory, metadata, Map.of(FILE, raw -> {
        ModelOutput out = new ModelOutput(raw);
        out.writeUTF(MAGIC);
        out.writeDouble(threshold);
        out.writeInts(columns);
        forest.write(out);
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
      return "isolation-forest model[" + forest.trees() + " trees, " + metadata.trainingSize()
          + " transactions, threshold " + threshold + "]";
    }
  }
}
