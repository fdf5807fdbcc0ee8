package dev.pfms.ml.gbm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bit-vector tree scoring (Lucchese et al., "QuickScorer", SIGIR 2015) over the compiled trees:
 * each tree's leaves are numbered left (true child) to right, each split holds a mask clearing the
 * leaves of its true subtree, and the splits are grouped by feature and sorted by threshold. For a
 * row, only the splits it fails ({@code x[f] > t}, or {@code x[f]} NaN) are visited, feature by
 * feature, in threshold order until the first it passes; the exit leaf of a tree is then the lowest
 * set bit of its mask. TF-IDF rows are mostly zeros below every text threshold, so most features cost
 * one comparison. The leaf outputs are premultiplied by the shrinkage (the same double product the
 * walk computes) and added in tree order, so the sums equal the walk's bit for bit.
 *
 * <p>Only for trees of at most 64 leaves. Immutable; the per-call scratch is thread-local.
 */
final class QuickScorer {

  private final int trees;
  /** The features some split uses, ascending. */
  private final int[] used;
  /** For {@code used[u]}, its splits are {@code [start[u], start[u + 1])}. */
  private final int[] start;
  private final double[] threshold;
  private final int[] tree;
  private final long[] mask;
  /** {@code shrinkage * leaf output}, tree {@code t}'s from {@code leafBase[t]}, in leaf order. */
  private final double[] leafValue;
  private final int[] leafBase;
  private final ThreadLocal<long[]> scratch;
  private final int sequences;
  private final int perSequence;
  /**
   * The used-feature index whose splits start from checkpoints, or -1: {@code checkpoints[b]} holds
   * every tree's bit-vector after failing that feature's first {@code b * BLOCK} splits.
   */
  private final int heavy;
  private final long[] checkpoints;
  private final int blocks;
  private static final int BLOCK = 32;

  private QuickScorer(int trees, int sequences, int perSequence, int[] used, int[] start, double[] threshold,
      int[] tree, long[] mask, double[] leafValue, int[] leafBase, int heavy, long[] checkpoints) {
    this.trees = trees;
    this.leafBase = leafBase;
    this.sequences = sequences;
    this.perSequence = perSequence;
    this.heavy = heavy;
    this.checkpoints = checkpoints;
    this.blocks = heavy < 0 ? 0 : (start[heavy + 1] - start[heavy]) / BLOCK;
    this.used = used;
    this.start = start;
    this.threshold = threshold;
    this.tree = tree;
    this.mask = mask;
    this.leafValue = leafValue;
    this.scratch = ThreadLocal.withInitial(() -> new long[trees]);
  }

  /** Builds the scorer, or returns null when some tree has more than 64 leaves. */
  static QuickScorer build(int width, int sequences, double shrinkage, int[] roots, int[] feature,
      double[] threshold, int[] trueChild, int[] falseChild, double[] value) {
    int trees = roots.length;
    int perSequence = trees / sequences;
    double[] leafValue = new double[trees * 64];
    List<List<Split>> byFeature = new ArrayList<>(width);
    for (int f = 0; f < width; f++) {
      byFeature.add(new ArrayList<>());
    }
    int[] counter = new int[1];
    int[] leaves = new int[trees];
    for (int r = 0; r < trees; r++) {
      // slot t = round * sequences + sequence: the sums then read the slots in order
      int t = (r % perSequence) * sequences + r / perSequence;
      counter[0] = 0;
      if (!number(roots[r], t, feature, threshold, trueChild, falseChild, value, shrinkage, leafValue, byFeature,
          counter)) {
        return null;
      }
      leaves[t] = counter[0];
    }
    // pack the leaves: tree t's are leafValue[leafBase[t] ..], so consecutive trees share cache lines
    int[] leafBase = new int[trees];
    int packed = 0;
    for (int t = 0; t < trees; t++) {
      leafBase[t] = packed;
      packed += leaves[t];
    }
    double[] leafPacked = new double[packed];
    for (int t = 0; t < trees; t++) {
      System.arraycopy(leafValue, t * 64, leafPacked, leafBase[t], leaves[t]);
    }
    int[] usedAll = new int[width];
    int nu = 0;
    int total = 0;
    for (int f = 0; f < width; f++) {
      if (!byFeature.get(f).isEmpty()) {
        usedAll[nu++] = f;
        total += byFeature.get(f).size();
      }
    }
    int[] used = Arrays.copyOf(usedAll, nu);
    int[] start = new int[nu + 1];
    double[] thr = new double[total];
    int[] tr = new int[total];
    long[] mk = new long[total];
    int k = 0;
    for (int u = 0; u < nu; u++) {
      start[u] = k;
      List<Split> splits = byFeature.get(used[u]);
      // stable: equal thresholds keep tree order (any order gives the same masks)
      splits.sort((a, b) -> Double.compare(a.threshold, b.threshold));
      for (Split sp : splits) {
        thr[k] = sp.threshold;
        tr[k] = sp.tree;
        mk[k] = sp.mask;
        k++;
      }
    }
    start[nu] = k;
    // the feature with the most splits (the amount, in categorizer models) starts from checkpoints
    int heavy = -1;
    for (int u = 0; u < nu; u++) {
      if (start[u + 1] - start[u] >= 2 * BLOCK && (heavy < 0 || start[u + 1] - start[u] > start[heavy + 1] - start[heavy])) {
        heavy = u;
      }
    }
    long[] checkpoints = new long[0];
    if (heavy >= 0) {
      int blocks = (start[heavy + 1] - start[heavy]) / BLOCK;
      checkpoints = new long[(blocks + 1) * trees];
      long[] live = new long[trees];
      Arrays.fill(live, -1L);
      System.arraycopy(live, 0, checkpoints, 0, trees);
      for (int b = 1; b <= blocks; b++) {
        for (int j = start[heavy] + (b - 1) * BLOCK; j < start[heavy] + b * BLOCK; j++) {
          live[tr[j]] &= mk[j];
        }
        System.arraycopy(live, 0, checkpoints, b * trees, trees);
      }
    }
    return new QuickScorer(trees, sequences, perSequence, used, start, thr, tr, mk, leafPacked, leafBase, heavy,
        checkpoints);
  }

  private record Split(double threshold, int tree, long mask) {}

  /**
   * Numbers the leaves of the subtree at {@code n} from {@code counter[0]} in order (true child
   * first), records the splits, and returns false when the tree has more than 64 leaves.
   */
  private static boolean number(int n, int t, int[] feature, double[] threshold, int[] trueChild, int[] falseChild,
      double[] value, double shrinkage, double[] leafValue, List<List<Split>> byFeature, int[] counter) {
    if (feature[n] < 0) {
      if (counter[0] >= 64) {
        return false;
      }
      leafValue[t * 64 + counter[0]] = shrinkage * value[n];
      counter[0]++;
      return true;
    }
    int first = counter[0];
    if (!number(trueChild[n], t, feature, threshold, trueChild, falseChild, value, shrinkage, leafValue, byFeature,
        counter)) {
      return false;
    }
    int end = counter[0];
    // clear bits [first, end): the leaves a failed split cannot reach
    long span = end - first >= 64 ? -1L : ((1L << (end - first)) - 1) << first;
    byFeature.get(feature[n]).add(new Split(threshold[n], t, ~span));
    return number(falseChild[n], t, feature, threshold, trueChild, falseChild, value, shrinkage, leafValue, byFeature,
        counter);
  }

  int trees() {
    return trees;
  }

  long[] scratch() {
    return scratch.get();
  }

  /** Leaves in {@code live} one bit-vector per tree whose lowest set bit is the row's exit leaf. */
  void exits(double[] x, long[] live) {
    final int[] used = this.used;
    final int[] start = this.start;
    final double[] threshold = this.threshold;
    final int[] tree = this.tree;
    final long[] mask = this.mask;
    int skipFrom = -1;
    int skipTo = -1;
    if (heavy >= 0 && x[used[heavy]] == x[used[heavy]]) {
      // the splits of the heavy feature are sorted: whole blocks it fails are a precomputed state
      double xf = x[used[heavy]];
      int s0 = start[heavy];
      int b = 0;
      while (b < blocks && threshold[s0 + (b + 1) * BLOCK - 1] < xf) {
        b++;
      }
      System.arraycopy(checkpoints, b * trees, live, 0, trees);
      skipFrom = s0;
      skipTo = s0 + b * BLOCK;
    } else {
      Arrays.fill(live, 0, trees, -1L);
    }
    for (int u = 0; u < used.length; u++) {
      double xf = x[used[u]];
      int k = start[u];
      int end = start[u + 1];
      if (k == skipFrom) {
        k = skipTo;
      }
      if (xf != xf) {
        // NaN fails every split (x <= t is false)
        for (; k < end; k++) {
          live[tree[k]] &= mask[k];
        }
      } else {
        for (; k < end && threshold[k] < xf; k++) {
          live[tree[k]] &= mask[k];
        }
      }
    }
  }

  /**
   * Adds the exit leaves' outputs per tree sequence, each in its own tree order, from {@code init}.
   * The sequences are summed side by side (round by round), which keeps each sum's order and lets
   * the processor overlap them.
   *
   * @param live from {@link #exits}
   * @param init the starting value of each sum
   * @param out receives one sum per sequence, at least {@code sequences} long
   */
  void sums(long[] live, double init, double[] out) {
    final double[] leafValue = this.leafValue;
    final int[] leafBase = this.leafBase;
    final int sequences = this.sequences;
    for (int c = 0; c < sequences; c++) {
      out[c] = init;
    }
    int t = 0;
    for (int i = 0; i < perSequence; i++) {
      for (int c = 0; c < sequences; c++, t++) {
        out[c] += leafValue[leafBase[t] + Long.numberOfTrailingZeros(live[t])];
      }
    }
  }
}
