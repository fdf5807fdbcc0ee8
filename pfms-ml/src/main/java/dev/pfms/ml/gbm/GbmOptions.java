package dev.pfms.ml.gbm;

/**
 * Gradient boosting settings.
 *
 * @param trees boosting rounds (one regression tree per class per round)
 * @param maxDepth the deepest a tree may grow
 * @param maxNodes the most leaves a tree may have
 * @param nodeSize the fewest samples in a leaf
 * @param shrinkage the learning rate, in (0, 1]
 * @param subsample the fraction of rows each round sees, in (0, 1]
 * @param seed the random seed for row sub-sampling and the per-label cap
 * @param maxRowsPerLabel the most distinct rows of one label the trees are grown on, for three or
 *     more labels without sub-sampling (a larger label is represented by weights, see
 *     {@link GbmTrainer}); 0 for no cap and no merging
 * @param splits how {@link GbmTrainer#fitCompiled} finds splits: {@link Splits#HISTOGRAM} (the
 *     default, {@link HistGbmTrainer}) or {@link Splits#EXACT} (Smile's exact CART, {@link GbmTrainer#fit})
 */
public record GbmOptions(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage,
    double subsample, long seed, int maxRowsPerLabel, Splits splits) {

  /** How the trees' split points are searched. */
  public enum Splits {
    /** Smile 4.4's exact CART over every distinct value ({@link GbmTrainer#fit}); cost grows with the rows. */
    EXACT,
    /** Our binned trainer ({@link HistGbmTrainer}): each feature quantile-binned once, histograms per node. */
    HISTOGRAM
  }

  /** The split search the shorter constructors and {@link #defaults()} use. */
  public static final Splits DEFAULT_SPLITS = Splits.HISTOGRAM;

  /**
   * The cap {@link #GbmOptions(int, int, int, int, double, double, long)} and {@link #defaults()}
   * use: none. A cap bounds training time on a long labelled history but costs accuracy (measured
   * in {@code docs/results/performance.md}), so it is the caller's choice.
   */
  public static final int DEFAULT_MAX_ROWS_PER_LABEL = 0;

  /** Validates the settings. */
  public GbmOptions {
    require(trees >= 1, "trees must be >= 1: " + trees);
    require(maxDepth >= 2, "maxDepth must be >= 2: " + maxDepth);
    require(maxNodes >= 2, "maxNodes must be >= 2: " + maxNodes);
    require(nodeSize >= 1, "nodeSize must be >= 1: " + nodeSize);
    require(shrinkage > 0 && shrinkage <= 1, "shrinkage must be in (0,1]: " + shrinkage);
    require(subsample > 0 && subsample <= 1, "subsample must be in (0,1]: " + subsample);
    require(maxRowsPerLabel >= 0, "maxRowsPerLabel must be >= 0 (0: no cap): " + maxRowsPerLabel);
    require(splits != null, "splits must be EXACT or HISTOGRAM, not null");
  }

  /**
   * Settings with the {@link #DEFAULT_SPLITS default split search}.
   *
   * @param trees boosting rounds
   * @param maxDepth the deepest a tree may grow
   * @param maxNodes the most leaves a tree may have
   * @param nodeSize the fewest samples in a leaf
   * @param shrinkage the learning rate
   * @param subsample the fraction of rows each round sees
   * @param seed the random seed
   * @param maxRowsPerLabel the per-label cap, 0 for none
   */
  public GbmOptions(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample,
      long seed, int maxRowsPerLabel) {
    this(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, seed, maxRowsPerLabel, DEFAULT_SPLITS);
  }

  /**
   * Settings without a per-label cap ({@link #DEFAULT_MAX_ROWS_PER_LABEL}).
   *
   * @param trees boosting rounds
   * @param maxDepth the deepest a tree may grow
   * @param maxNodes the most leaves a tree may have
   * @param nodeSize the fewest samples in a leaf
   * @param shrinkage the learning rate
   * @param subsample the fraction of rows each round sees
   * @param seed the random seed
   */
  public GbmOptions(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample,
      long seed) {
    this(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, seed, DEFAULT_MAX_ROWS_PER_LABEL);
  }

  /**
   * Small, fast defaults suited to a few thousand transactions and ~30 labels.
   *
   * @return the defaults
   */
  public static GbmOptions defaults() {
    return new GbmOptions(20, 6, 8, 1, 0.3, 1.0, 42L);
  }

  /**
   * These settings with another per-label cap.
   *
   * @param cap the most distinct rows per label, 0 for none
   * @return the settings
   */
  public GbmOptions withMaxRowsPerLabel(int cap) {
    return new GbmOptions(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, seed, cap, splits);
  }

  /**
   * These settings with another split search.
   *
   * @param s {@link Splits#EXACT} or {@link Splits#HISTOGRAM}
   * @return the settings
   */
  public GbmOptions withSplits(Splits s) {
    return new GbmOptions(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, seed, maxRowsPerLabel, s);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
