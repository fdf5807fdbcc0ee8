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
 * set bit of its mask. The leaf outputs are premultiplied by the shrinkage (the same double product
 * the walk computes) and added in tree order, so the sums equal the walk's bit for bit.
 *
 * <p>Layout (ADR 0022): a tree's bit-vector is a <em>lane</em> of {@code L} bits (8, 16, 32 or 64:
 * the smallest that holds its model's largest tree), and the {@code P = 64 / L} trees of one round
 * for consecutive sequences (classes) share one {@code long}, so a 30-class model of 8-leaf trees
 * keeps 4 words a round instead of 30. Word {@code w = round * G + c / P} ({@code G} words a round)
 * holds sequence {@code c} in lane {@code c % P}; a lane's leaf outputs are {@code L} doubles at
 * {@code leafValue[((c / P) * rounds + round) * 64 + (c % P) * L ..]}, the order in which the sums
 * read them (one group of {@code P} sequences at a time, round by round), so the reads stream. Lanes no tree uses stay all ones and are never read.
 *
 * <p>Per row: the feature with the most splits (the log-amount in categorizer models) finds its
 * failed-split count by binary search and starts from a checkpoint (every word after failing its
 * first {@code b * BLOCK} splits), then applies the few splits past it without comparisons; the other
 * features are first tested branch-free against their lowest threshold (TF-IDF columns are 0 below
 * every threshold, so most fail nothing) and only the features that fail it are scanned.
 *
 * <p>Only for trees of at most 64 leaves. Immutable; the per-call scratch is thread-local.
 */
final class QuickScorer {

  /** Splits between two checkpoints of the heavy feature. */
  static final int BLOCK = 8;

  private final int sequences;
  private final int rounds;
  /** Bits a tree's lane has. */
  private final int lane;
  /** Trees a word holds ({@code 64 / lane}). */
  private final int perWord;
  /** Words a round has. */
  private final int groups;
  private final int words;
  /** The features with splits, heavy one excluded: feature, first threshold, and splits range. */
  private final int[] lightFeature;
  private final double[] lightFirst;
  /** For light feature {@code u}, its splits are {@code [start[u], start[u + 1])}. */
  private final int[] start;
  private final double[] threshold;
  private final int[] word;
  private final long[] mask;
  private final double[] leafValue;
  /** The feature whose splits start from checkpoints, or -1; its splits are {@code [heavyFrom, heavyTo)}. */
  private final int heavy;
  private final int heavyFrom;
  private final int heavyTo;
  /** {@code checkpoints[b * words ..]}: every word after failing the heavy feature's first {@code b * BLOCK} splits. */
  private final long[] checkpoints;
  private final long[] initial;
  private final ThreadLocal<Scratch> scratch;

  /** Per-row working memory: one per thread, or one per batch call. */
  static final class Scratch {
    final long[] live;
    final int[] hit;
    final double[] hitValue;

    Scratch(int words, int light) {
      live = new long[words];
      hit = new int[light];
      hitValue = new double[light];
    }
  }

  private QuickScorer(int sequences, int rounds, int lane, int[] lightFeature, double[] lightFirst, int[] start,
      double[] threshold, int[] word, long[] mask, double[] leafValue, int heavy, int heavyFrom, int heavyTo,
      long[] checkpoints) {
    this.sequences = sequences;
    this.rounds = rounds;
    this.lane = lane;
    this.perWord = 64 / lane;
    this.groups = (sequences + perWord - 1) / perWord;
    this.words = rounds * groups;
    this.lightFeature = lightFeature;
    this.lightFirst = lightFirst;
    this.start = start;
    this.threshold = threshold;
    this.word = word;
    this.mask = mask;
    this.leafValue = leafValue;
    this.heavy = heavy;
    this.heavyFrom = heavyFrom;
    this.heavyTo = heavyTo;
    this.checkpoints = checkpoints;
    this.initial = new long[words];
    Arrays.fill(initial, -1L);
    int nl = lightFeature.length;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(words, nl));
  }

  /** Builds the scorer, or returns null when some tree has more than 64 leaves. */
  static QuickScorer build(int width, int sequences, double shrinkage, int[] roots, int[] feature,
      double[] threshold, int[] trueChild, int[] falseChild, double[] value) {
    int trees = roots.length;
    int rounds = trees / sequences;
    int most = 1;
    for (int r : roots) {
      int n = leaves(r, feature, trueChild, falseChild);
      if (n > 64) {
        return null;
      }
      most = Math.max(most, n);
    }
    int lane = most <= 8 ? 8 : most <= 16 ? 16 : most <= 32 ? 32 : 64;
    int perWord = 64 / lane;
    int groups = (sequences + perWord - 1) / perWord;
    int words = rounds * groups;
    double[] leafValue = new double[words * 64];
    List<List<Split>> byFeature = new ArrayList<>(width);
    for (int f = 0; f < width; f++) {
      byFeature.add(new ArrayList<>());
    }
    int[] counter = new int[1];
    for (int t = 0; t < trees; t++) {
      int c = t / rounds;
      int round = t % rounds;
      int w = round * groups + c / perWord;
      int shift = (c % perWord) * lane;
      counter[0] = 0;
      // leaves in the order the sums read them: group by group, round by round, lane by lane
      int base = ((c / perWord) * rounds + round) * 64 + shift;
      number(roots[t], w, shift, base, feature, threshold, trueChild, falseChild, value, shrinkage,
          leafValue, byFeature, counter);
    }
    // the feature with the most splits (the amount, in categorizer models) starts from checkpoints
    int heavy = -1;
    for (int f = 0; f < width; f++) {
      if (byFeature.get(f).size() >= 2 * BLOCK && (heavy < 0 || byFeature.get(f).size() > byFeature.get(heavy).size())) {
        heavy = f;
      }
    }
    int nl = 0;
    int total = 0;
    for (int f = 0; f < width; f++) {
      total += byFeature.get(f).size();
      if (f != heavy && !byFeature.get(f).isEmpty()) {
        nl++;
      }
    }
    int[] lightFeature = new int[nl];
    double[] lightFirst = new double[nl];
    int[] start = new int[nl + 1];
    double[] thr = new double[total];
    int[] wd = new int[total];
    long[] mk = new long[total];
    int k = 0;
    int u = 0;
    // light features first, in feature order, then the heavy one's block
    for (int pass = 0; pass < 2; pass++) {
      for (int f = 0; f < width; f++) {
        List<Split> splits = byFeature.get(f);
        if (splits.isEmpty() || (pass == 0) == (f == heavy)) {
          continue;
        }
        // stable: equal thresholds keep tree order (any order gives the same masks)
        splits.sort((a, b) -> Double.compare(a.threshold, b.threshold));
        if (pass == 0) {
          lightFeature[u] = f;
          lightFirst[u] = splits.get(0).threshold;
          start[u++] = k;
        }
        for (Split sp : splits) {
          thr[k] = sp.threshold;
          wd[k] = sp.word;
          mk[k] = sp.mask;
          k++;
        }
      }
      if (pass == 0) {
        start[nl] = k;
      }
    }
    int heavyFrom = start[nl];
    int heavyTo = k;
    long[] checkpoints = new long[0];
    if (heavy >= 0) {
      int blocks = (heavyTo - heavyFrom) / BLOCK;
      checkpoints = new long[(blocks + 1) * words];
      long[] live = new long[words];
      Arrays.fill(live, -1L);
      System.arraycopy(live, 0, checkpoints, 0, words);
      for (int b = 1; b <= blocks; b++) {
        for (int j = heavyFrom + (b - 1) * BLOCK; j < heavyFrom + b * BLOCK; j++) {
          live[wd[j]] &= mk[j];
        }
        System.arraycopy(live, 0, checkpoints, b * words, words);
      }
    }
    return new QuickScorer(sequences, rounds, lane, lightFeature, lightFirst, start, thr, wd, mk, leafValue, heavy,
        heavyFrom, heavyTo, checkpoints);
  }

  private record Split(double threshold, int word, long mask) {}

  private static int leaves(int n, int[] feature, int[] trueChild, int[] falseChild) {
    if (feature[n] < 0) {
      return 1;
    }
    return leaves(trueChild[n], feature, trueChild, falseChild) + leaves(falseChild[n], feature, trueChild, falseChild);
  }

  /**
   * Numbers the leaves of the subtree at {@code n} from {@code counter[0]} in order (true child
   * first) into the lane at bit {@code shift} of word {@code w}, and records the splits.
   */
  private static void number(int n, int w, int shift, int base, int[] feature, double[] threshold, int[] trueChild,
      int[] falseChild, double[] value, double shrinkage, double[] leafValue, List<List<Split>> byFeature,
      int[] counter) {
    if (feature[n] < 0) {
      leafValue[base + counter[0]] = shrinkage * value[n];
      counter[0]++;
      return;
    }
    int first = counter[0];
    number(trueChild[n], w, shift, base, feature, threshold, trueChild, falseChild, value, shrinkage, leafValue,
        byFeature, counter);
    int end = counter[0];
    // clear bits [first, end) of the lane: the leaves a failed split cannot reach (end - first < 64:
    // the false subtree has a leaf)
    long span = ((1L << (end - first)) - 1) << (first + shift);
    byFeature.get(feature[n]).add(new Split(threshold[n], w, ~span));
    number(falseChild[n], w, shift, base, feature, threshold, trueChild, falseChild, value, shrinkage, leafValue,
        byFeature, counter);
  }

  /** A fresh scratch, for a caller that scores many rows. */
  Scratch newScratch() {
    return new Scratch(words, lightFeature.length);
  }

  Scratch scratch() {
    return scratch.get();
  }

  /** Leaves in {@code s.live} one lane per tree whose lowest set bit is the row's exit leaf. */
  void exits(double[] x, Scratch s) {
    final long[] live = s.live;
    final double[] threshold = this.threshold;
    final int[] word = this.word;
    final long[] mask = this.mask;
    if (heavy >= 0) {
      double xf = x[heavy];
      int from = heavyFrom;
      // how many of its sorted thresholds the row fails (t < x; NaN fails all), by bisection
      int n = heavyTo - from;
      if (xf == xf) {
        int lo = 0;
        int len = n;
        while (len > 0) {
          int half = len >>> 1;
          if (threshold[from + lo + half] < xf) {
            lo += half + 1;
            len -= half + 1;
          } else {
            len = half;
          }
        }
        n = lo;
      }
      int b = Math.min(n / BLOCK, (heavyTo - from) / BLOCK);
      System.arraycopy(checkpoints, b * words, live, 0, words);
      for (int k = from + b * BLOCK, end = from + n; k < end; k++) {
        live[word[k]] &= mask[k];
      }
    } else {
      System.arraycopy(initial, 0, live, 0, words);
    }
    // which features fail their lowest split, branch-free: the list grows only for those
    final int[] lightFeature = this.lightFeature;
    final double[] lightFirst = this.lightFirst;
    final int[] hit = s.hit;
    final double[] hitValue = s.hitValue;
    int hits = 0;
    for (int u = 0; u < lightFeature.length; u++) {
      double xf = x[lightFeature[u]];
      hit[hits] = u;
      hitValue[hits] = xf;
      hits += xf <= lightFirst[u] ? 0 : 1;
    }
    final int[] start = this.start;
    for (int i = 0; i < hits; i++) {
      int u = hit[i];
      double xf = hitValue[i];
      int k = start[u];
      int end = start[u + 1];
      live[word[k]] &= mask[k];
      k++;
      if (xf != xf) {
        // NaN fails every split (x <= t is false)
        for (; k < end; k++) {
          live[word[k]] &= mask[k];
        }
      } else {
        for (; k < end && threshold[k] < xf; k++) {
          live[word[k]] &= mask[k];
        }
      }
    }
  }

  /**
   * Adds the exit leaves' outputs per tree sequence, each in its own round order, from {@code init}.
   * The sequences of one word are summed side by side in locals, which keeps each sum's order and
   * lets the processor overlap them.
   *
   * @param s from {@link #exits}
   * @param init the starting value of each sum
   * @param out receives one sum per sequence, at least {@code sequences} long
   */
  void sums(Scratch s, double init, double[] out) {
    final long[] live = s.live;
    final double[] lv = this.leafValue;
    final int groups = this.groups;
    final int rounds = this.rounds;
    for (int g = 0; g < groups; g++) {
      int first = g * perWord;
      int n = Math.min(perWord, sequences - first);
      if (lane == 8 && n > 2) {
        // eight sums side by side; lanes past the last sequence hold zeros and are not written
        double s0 = init;
        double s1 = init;
        double s2 = init;
        double s3 = init;
        double s4 = init;
        double s5 = init;
        double s6 = init;
        double s7 = init;
        for (int r = 0, w = g, b = g * rounds * 64; r < rounds; r++, w += groups, b += 64) {
          long v = live[w];
          s0 += lv[b + Long.numberOfTrailingZeros(v)];
          s1 += lv[b + 8 + Long.numberOfTrailingZeros(v >>> 8)];
          s2 += lv[b + 16 + Long.numberOfTrailingZeros(v >>> 16)];
          s3 += lv[b + 24 + Long.numberOfTrailingZeros(v >>> 24)];
          s4 += lv[b + 32 + Long.numberOfTrailingZeros(v >>> 32)];
          s5 += lv[b + 40 + Long.numberOfTrailingZeros(v >>> 40)];
          s6 += lv[b + 48 + Long.numberOfTrailingZeros(v >>> 48)];
          s7 += lv[b + 56 + Long.numberOfTrailingZeros(v >>> 56)];
        }
        out[first] = s0;
        out[first + 1] = s1;
        out[first + 2] = s2;
        if (n > 3) {
          out[first + 3] = s3;
        }
        if (n > 4) {
          out[first + 4] = s4;
        }
        if (n > 5) {
          out[first + 5] = s5;
        }
        if (n > 6) {
          out[first + 6] = s6;
        }
        if (n > 7) {
          out[first + 7] = s7;
        }
      } else {
        for (int j = 0; j < n; j++) {
          int shift = j * lane;
          double sum = init;
          for (int r = 0, w = g, b = g * rounds * 64 + shift; r < rounds; r++, w += groups, b += 64) {
            sum += lv[b + Long.numberOfTrailingZeros(live[w] >>> shift)];
          }
          out[first + j] = sum;
        }
      }
    }
  }
}
