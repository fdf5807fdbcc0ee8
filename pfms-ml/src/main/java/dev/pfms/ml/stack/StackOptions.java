package dev.pfms.ml.stack;

import dev.pfms.ml.gbm.GbmOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of a {@code stacked-gbm} fit.
 *
 * @param gbm stage-2 boosting settings (binary: is this candidate label the right one)
 * @param vocabulary largest TF-IDF vocabulary
 * @param candidates candidate labels per transaction (the strongest by any view; also per view)
 * @param calibrationFolds inner folds whose out-of-fold stage-2 scores fit the temperature (0 = none)
 * @param reviewThreshold below this calibrated confidence a prediction needs review
 * @param hierarchy answer the primary category when the detailed one is unsure but its primary is sure
 * @param oodTfidf below this nearest TF-IDF similarity (and {@code oodEmbedding}) a transaction is
 *     unlike anything in training
 * @param oodEmbedding below this nearest embedding similarity (when embeddings are used)
 */
public record StackOptions(GbmOptions gbm, int vocabulary, int candidates, int calibrationFolds,
    double reviewThreshold, boolean hierarchy, double oodTfidf, double oodEmbedding) {

  /** Validates the settings. */
  public StackOptions {
    if (vocabulary < 10 || candidates < 1 || calibrationFolds < 0 || calibrationFolds == 1) {
      throw new IllegalArgumentException("vocabulary >= 10, candidates >= 1, calibrationFolds 0 or >= 2 required");
    }
    if (!(reviewThreshold >= 0 && reviewThreshold <= 1)) {
      throw new IllegalArgumentException("option 'reviewThreshold' must be in [0,1]: " + reviewThreshold);
    }
  }

  /**
   * The defaults.
   *
   * @return default settings
   */
  public static StackOptions defaults() {
    return new StackOptions(new GbmOptions(80, 4, 12, 3, 0.1, 0.8, 42), 50_000, 8, 3, 0.5, true, 0.35, 0.6);
  }

  Map<String, String> asParameters() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("trees", Integer.toString(gbm.trees()));
    m.put("maxDepth", Integer.toString(gbm.maxDepth()));
    m.put("maxNodes", Integer.toString(gbm.maxNodes()));
    m.put("nodeSize", Integer.toString(gbm.nodeSize()));
    m.put("shrinkage", Double.toString(gbm.shrinkage()));
    m.put("subsample", Double.toString(gbm.subsample()));
    m.put("seed", Long.toString(gbm.seed()));
    m.put("vocabulary", Integer.toString(vocabulary));
    m.put("candidates", Integer.toString(candidates));
    m.put("calibrationFolds", Integer.toString(calibrationFolds));
    m.put("reviewThreshold", String.format(Locale.ROOT, "%s", reviewThreshold));
    m.put("hierarchy", Boolean.toString(hierarchy));
    m.put("oodTfidf", Double.toString(oodTfidf));
    m.put("oodEmbedding", Double.toString(oodEmbedding));
    return m;
  }
}
