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
 * @param seed the random seed for row sub-sampling
 */
public record GbmOptions(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage,
    double subsample, long seed) {

  /** Validates the settings. */
  public GbmOptions {
    require(trees >= 1, "trees must be >= 1: " + trees);
    require(maxDepth >= 2, "maxDepth must be >= 2: " + maxDepth);
    require(maxNodes >= 2, "maxNodes must be >= 2: " + maxNodes);
    require(nodeSize >= 1, "nodeSize must be >= 1: " + nodeSize);
    require(shrinkage > 0 && shrinkage <= 1, "shrinkage must be in (0,1]: " + shrinkage);
    require(subsample > 0 && subsample <= 1, "subsample must be in (0,1]: " + subsample);
  }

  /**
   * Small, fast defaults suited to a few thousand transactions and ~30 labels.
   *
   * @return the defaults
   */
  public static GbmOptions defaults() {
    return new GbmOptions(20, 6, 8, 1, 0.3, 1.0, 42L);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
