package dev.pfms.ml.categorize;

import dev.pfms.ml.gbm.GbmOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training and scoring settings of a {@code tfidf-gbm} model.
 *
 * @param gbm the boosting settings
 * @param vocabulary the largest TF-IDF vocabulary
 * @param textFeatures how many n-grams stage 2 sees
 * @param reviewThreshold below this confidence a prediction needs review
 * @param holdout the fraction of each label held out to measure and calibrate
 * @param calibrate whether to fit a temperature on the held-out rows
 */
record Settings(GbmOptions gbm, int vocabulary, int textFeatures, double reviewThreshold, double holdout,
    boolean calibrate) {

  Settings {
    if (vocabulary < 1) {
      throw new IllegalArgumentException("option 'vocabulary' must be >= 1: " + vocabulary);
    }
    if (textFeatures < 1) {
      throw new IllegalArgumentException("option 'features' must be >= 1: " + textFeatures);
    }
    if (!(reviewThreshold >= 0 && reviewThreshold <= 1)) {
      throw new IllegalArgumentException("option 'review-threshold' must be in [0,1]: " + reviewThreshold);
    }
    if (!(holdout >= 0 && holdout < 1)) {
      throw new IllegalArgumentException("option 'holdout' must be in [0,1): " + holdout);
    }
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
    m.put("splits", gbm.splits().name().toLowerCase(java.util.Locale.ROOT));
    m.put("vocabulary", Integer.toString(vocabulary));
    m.put("features", Integer.toString(textFeatures));
    m.put("reviewThreshold", Double.toString(reviewThreshold));
    m.put("holdout", Double.toString(holdout));
    m.put("calibrate", Boolean.toString(calibrate));
    return m;
  }
}
