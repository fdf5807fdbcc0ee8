package dev.pfms.ml.anomaly;

import dev.pfms.api.io.ModelInput;
import dev.pfms.api.io.ModelOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fitted isolation forest as plain arrays: built here (Liu, Ting and Zhou, "Isolation Forest",
 * ICDM 2008; with extension level &gt; 0, the oblique splits of Hariri et al., "Extended Isolation
 * Forest", 2018), scored without allocating, and saved as it is. Immutable and thread-safe.
 *
 * <p>Each tree grows on a random sub-sample of {@code psi} rows, drawn without replacement, to
 * depth {@code ceil(log2 psi)}. A node picks a random column and a split uniformly between that
 * column's minimum and maximum in its rows, as Liu et al. do, and a random direction ({@code x < p}
 * or {@code x > p} goes left, as Smile's random slope sign does). A column that is constant in the
 * node's rows still splits: the empty side is where a scored row that differs from all of them is
 * isolated at once (a duplicate charge when the sample held none). With extension level {@code e}, the
 * split is a hyperplane through a point drawn uniformly in the rows' bounding box, with a normal
 * of {@code e + 1} non-zero Gaussian coefficients on random columns. A leaf holding {@code n} rows
 * at depth {@code d} has path length {@code d + c(n)}, and a row's score is
 * {@code 2^(-mean path length / c(psi))}, where {@code c(n)} is the average path length of an
 * unsuccessful search in a binary search tree of {@code n} keys.
 *
 * <p>Nodes are stored in pre-order (the left child of node {@code n} is {@code n + 1}):
 * {@code feature[n]} is the split column, {@link #LEAF} or {@link #OBLIQUE}; {@code value[n]} the
 * threshold ({@code x < value} goes left) or, at a leaf, the path length.
 */
final class IsolationForest {

  static final int LEAF = -1;
  static final int OBLIQUE = -2;
  private static final double EULER = 0.5772156649015329;

  private final int dimensions;
  private final int sampleSize;
  private final int[] roots;
  private final int[] feature;
  /** The sign (+1 or -1) of an axis-parallel split: {@code x[f] * coef < value} goes left. */
  private final double[] coef;
  private final double[] value;
  private final int[] right;
  /** CSR of the oblique splits' coefficients: node n's are [coefStart[n], coefStart[n + 1]). */
  private final int[] coefStart;
  private final int[] coefIndex;
  private final double[] coefValue;
  private final double c;
  /**
   * The same trees padded to complete binary trees of depth {@link #depth} in heap order, for a
   * branch-free walk of fixed length (null when a split is oblique or the padding would be large):
   * node {@code i} of a tree has children {@code 2i + 1} (left) and {@code 2i + 2}; a leaf above
   * the full depth is copied into both children of a dummy split. {@code heapColumn} indexes a row
   * extended with its negation ({@code x} then {@code -x}), so that {@code x * sign < value} is one
   * comparison ({@code -x} and {@code x * -1} are the same double).
   */
  private final int depth;
  private final int[] heapColumn;
  private final double[] heapValue;
  private final double[] heapLeaf;

  private IsolationForest(int dimensions, int sampleSize, int[] roots, int[] feature, double[] coef, double[] value,
      int[] right,
      int[] coefStart, int[] coefIndex, double[] coefValue) {
    this.dimensions = dimensions;
    this.sampleSize = sampleSize;
    this.roots = roots;
    this.feature = feature;
    this.coef = coef;
    this.value = value;
    this.right = right;
    this.coefStart = coefStart;
    this.coefIndex = coefIndex;
    this.coefValue = coefValue;
    this.c = c(sampleSize);
    int maxDepth = 0;
    boolean oblique = false;
    for (int f : feature) {
      oblique |= f == OBLIQUE;
    }
    for (int root : roots) {
      maxDepth = Math.max(maxDepth, depthOf(root, 0));
    }
    if (!oblique && maxDepth <= 16 && (long) roots.length << maxDepth <= (1L << 22)) {
      this.depth = maxDepth;
      int inner = (1 << maxDepth) - 1;
      this.heapColumn = new int[roots.length * inner];
      this.heapValue = new double[roots.length * inner];
      this.heapLeaf = new double[roots.length << maxDepth];
      for (int t = 0; t < roots.length; t++) {
        pad(roots[t], t, 0, 0);
      }
    } else {
      this.depth = -1;
      this.heapColumn = null;
      this.heapValue = null;
      this.heapLeaf = null;
    }
  }

  private int depthOf(int n, int d) {
    if (feature[n] == LEAF) {
      return d;
    }
    return Math.max(depthOf(n + 1, d + 1), depthOf(right[n], d + 1));
  }

  /** Copies the subtree at pre-order node {@code n} to heap position {@code h} (at {@code level}) of tree {@code t}. */
  private void pad(int n, int t, int h, int level) {
    if (level == depth) {
      heapLeaf[(t << depth) + h - ((1 << depth) - 1)] = value[n];
      return;
    }
    int inner = (1 << depth) - 1;
    if (feature[n] == LEAF) {
      // a dummy split: both children are this leaf
      heapColumn[t * inner + h] = 0;
      heapValue[t * inner + h] = 0;
      pad(n, t, 2 * h + 1, level + 1);
      pad(n, t, 2 * h + 2, level + 1);
      return;
    }
    heapColumn[t * inner + h] = coef[n] > 0 ? feature[n] : dimensions + feature[n];
    heapValue[t * inner + h] = value[n];
    pad(n + 1, t, 2 * h + 1, level + 1);
    pad(right[n], t, 2 * h + 2, level + 1);
  }

  /**
   * The average path length of an unsuccessful search in a binary search tree of {@code n} keys.
   *
   * @param n the keys
   * @return {@code c(n)}; 0 for {@code n <= 1}
   */
  static double c(int n) {
    if (n <= 1) {
      return 0;
    }
    if (n == 2) {
      return 1;
    }
    return 2 * (Math.log(n - 1.0) + EULER) - 2.0 * (n - 1) / n;
  }

  /**
   * Grows a forest.
   *
   * @param x the rows (all of {@code dimensions} finite values; not modified)
   * @param trees the number of trees, at least 1
   * @param sampleSize rows per tree (capped at the row count), at least 2
   * @param extensionLevel 0 for axis-parallel splits, up to {@code dimensions - 1}
   * @param seed the random seed: the same seed and rows give the same forest
   * @return the forest
   */
  static IsolationForest grow(double[][] x, int trees, int sampleSize, int extensionLevel, long seed) {
    if (x.length < 2) {
      throw new IllegalArgumentException("an isolation forest needs at least 2 rows, got " + x.length);
    }
    return grow(x.length, x[0].length, i -> x[i], trees, sampleSize, extensionLevel, seed);
  }

  /**
   * Grows a forest from rows produced on demand: only the sampled rows (at most
   * {@code trees * sampleSize}) are asked for, so a long history need not be held as a matrix. Gives
   * the same forest as {@link #grow(double[][], int, int, int, long)} over the same rows.
   *
   * @param n the number of rows
   * @param d the number of columns
   * @param row row {@code i} ({@code d} finite values; kept, not modified)
   * @param trees the number of trees, at least 1
   * @param sampleSize rows per tree (capped at the row count), at least 2
   * @param extensionLevel 0 for axis-parallel splits, up to {@code d - 1}
   * @param seed the random seed
   * @return the forest
   */
  static IsolationForest grow(int n, int d, java.util.function.IntFunction<double[]> row, int trees, int sampleSize,
      int extensionLevel, long seed) {
    if (n < 2) {
      throw new IllegalArgumentException("an isolation forest needs at least 2 rows, got " + n);
    }
    double[][] x = new double[n][];
    int psi = Math.min(sampleSize, n);
    int maxDepth = Math.max(1, (int) Math.ceil(Math.log(psi) / Math.log(2)));
    SplittableRandom rnd = new SplittableRandom(seed);
    Builder b = new Builder(d, extensionLevel, maxDepth, rnd, x);
    int[] roots = new int[trees];
    int[] idx = new int[n];
    int[] sample = new int[psi];
    for (int t = 0; t < trees; t++) {
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      for (int i = 0; i < psi; i++) {
        int j = i + rnd.nextInt(n - i);
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
        sample[i] = idx[i];
        if (x[idx[i]] == null) {
          x[idx[i]] = row.apply(idx[i]);
        }
      }
      roots[t] = b.grow(sample.clone(), 0, psi, 0);
    }
    return new IsolationForest(d, psi, roots, b.feature.toArray(), b.coef.toArray(), b.value.toArray(),
        b.right.toArray(),
        b.coefStart.toArray(), b.coefIndex.toArray(), b.coefValue.toArray());
  }

  /** Growable node arrays, filled depth-first in pre-order. */
  private static final class Builder {
    final int d;
    final int extension;
    final int maxDepth;
    final SplittableRandom rnd;
    final double[][] x;
    final IntList feature = new IntList();
    final DoubleList coef = new DoubleList();
    final DoubleList value = new DoubleList();
    final IntList right = new IntList();
    final IntList coefStart = new IntList();
    final IntList coefIndex = new IntList();
    final DoubleList coefValue = new DoubleList();
    final int[] varying;
    final double[] lo;
    final double[] hi;

    Builder(int d, int extension, int maxDepth, SplittableRandom rnd, double[][] x) {
      this.d = d;
      this.extension = extension;
      this.maxDepth = maxDepth;
      this.rnd = rnd;
      this.x = x;
      this.varying = new int[d];
      this.lo = new double[d];
      this.hi = new double[d];
      coefStart.add(0);
    }

    /** Grows the subtree over rows[from, to) and returns its root's index. */
    int grow(int[] rows, int from, int to, int depth) {
      int size = to - from;
      if (depth >= maxDepth || size <= 1) {
        return leaf(depth, size);
      }
      Arrays.fill(lo, Double.POSITIVE_INFINITY);
      Arrays.fill(hi, Double.NEGATIVE_INFINITY);
      for (int i = from; i < to; i++) {
        double[] r = x[rows[i]];
        for (int j = 0; j < d; j++) {
          double v = r[j];
          if (v < lo[j]) {
            lo[j] = v;
          }
          if (v > hi[j]) {
            hi[j] = v;
          }
        }
      }
      int nv = d;
      for (int j = 0; j < d; j++) {
        varying[j] = j;
      }
      int id = feature.size();
      int mid;
      if (extension == 0) {
        int q = rnd.nextInt(d);
        double p = lo[q] + rnd.nextDouble() * (hi[q] - lo[q]);
        double sign = rnd.nextBoolean() ? 1 : -1;
        feature.add(q);
        coef.add(sign);
        value.add(sign * p);
        right.add(-1);
        coefStart.add(coefIndex.size());
        mid = partition(rows, from, to, q, sign, sign * p);
      } else {
        int k = Math.min(extension + 1, nv);
        for (int i = 0; i < k; i++) {
          int j = i + rnd.nextInt(nv - i);
          int tmp = varying[i];
          varying[i] = varying[j];
          varying[j] = tmp;
        }
        Arrays.sort(varying, 0, k);
        double bias = 0;
        for (int i = 0; i < k; i++) {
          int q = varying[i];
          double slope = gaussian();
          double p = lo[q] + rnd.nextDouble() * (hi[q] - lo[q]);
          coefIndex.add(q);
          coefValue.add(slope);
          bias += slope * p;
        }
        feature.add(OBLIQUE);
        coef.add(0);
        value.add(bias);
        right.add(-1);
        coefStart.add(coefIndex.size());
        mid = partitionOblique(rows, from, to, coefStart.get(id), coefStart.get(id + 1), bias);
      }
      int left = grow(rows, from, mid, depth + 1);
      if (left != id + 1) {
        throw new IllegalStateException("pre-order layout broken");
      }
      right.set(id, grow(rows, mid, to, depth + 1));
      return id;
    }

    private int leaf(int depth, int size) {
      int id = feature.size();
      feature.add(LEAF);
      coef.add(0);
      value.add(depth + c(size));
      right.add(-1);
      coefStart.add(coefIndex.size());
      return id;
    }

    private int partition(int[] rows, int from, int to, int q, double sign, double bias) {
      int i = from;
      int j = to - 1;
      while (i <= j) {
        if (x[rows[i]][q] * sign < bias) {
          i++;
        } else {
          int tmp = rows[i];
          rows[i] = rows[j];
          rows[j] = tmp;
          j--;
        }
      }
      return i;
    }

    private int partitionOblique(int[] rows, int from, int to, int cs, int ce, double bias) {
      int i = from;
      int j = to - 1;
      while (i <= j) {
        double[] r = x[rows[i]];
        double dot = 0;
        for (int k = cs; k < ce; k++) {
          dot += r[coefIndex.get(k)] * coefValue.get(k);
        }
        if (dot < bias) {
          i++;
        } else {
          int tmp = rows[i];
          rows[i] = rows[j];
          rows[j] = tmp;
          j--;
        }
      }
      return i;
    }

    private double gaussian() {
      double u;
      double v;
      double s;
      do {
        u = rnd.nextDouble() * 2 - 1;
        v = rnd.nextDouble() * 2 - 1;
        s = u * u + v * v;
      } while (s >= 1 || s == 0);
      return u * Math.sqrt(-2 * Math.log(s) / s);
    }
  }

  /**
   * The anomaly score of one row: {@code 2^(-mean path length / c(psi))}, in (0, 1], higher is
   * more anomalous.
   *
   * @param x the features ({@link #dimensions} finite values)
   * @return the score
   */
  double score(double[] x) {
    return score(x, depth >= 0 ? new double[2 * dimensions] : null);
  }

  /**
   * {@link #score(double[])} with a caller's scratch row, so that scoring many rows allocates
   * nothing per row.
   *
   * @param x the features
   * @param scratch {@link #scratchSize()} doubles, overwritten
   * @return the score
   */
  double score(double[] x, double[] scratch) {
    if (x.length != dimensions) {
      throw new IllegalArgumentException("expected " + dimensions + " features, got " + x.length);
    }
    double sum = depth >= 0 ? heapSum(x, scratch) : walkSum(x);
    return Math.pow(2.0, -(sum / roots.length) / c);
  }

  /**
   * The scratch length {@link #score(double[], double[])} needs.
   *
   * @return the length
   */
  int scratchSize() {
    return 2 * dimensions;
  }

  /**
   * Scores many rows.
   *
   * @param rows the rows
   * @param out receives one score per row
   */
  void scoreAll(double[][] rows, double[] out) {
    double[] scratch = new double[scratchSize()];
    for (int i = 0; i < rows.length; i++) {
      out[i] = score(rows[i], scratch);
    }
  }

  /** Path lengths summed in tree order over the padded trees, four trees at a time. */
  private double heapSum(double[] x, double[] xx) {
    final int d = dimensions;
    for (int j = 0; j < d; j++) {
      xx[j] = x[j];
      xx[d + j] = -x[j];
    }
    final int[] col = heapColumn;
    final double[] val = heapValue;
    final double[] leaf = heapLeaf;
    final int depth = this.depth;
    final int inner = (1 << depth) - 1;
    final int trees = roots.length;
    double sum = 0;
    int t = 0;
    for (; t + 4 <= trees; t += 4) {
      int b0 = t * inner;
      int b1 = b0 + inner;
      int b2 = b1 + inner;
      int b3 = b2 + inner;
      int h0 = 0;
      int h1 = 0;
      int h2 = 0;
      int h3 = 0;
      for (int level = 0; level < depth; level++) {
        h0 = 2 * h0 + 1 + (xx[col[b0 + h0]] < val[b0 + h0] ? 0 : 1);
        h1 = 2 * h1 + 1 + (xx[col[b1 + h1]] < val[b1 + h1] ? 0 : 1);
        h2 = 2 * h2 + 1 + (xx[col[b2 + h2]] < val[b2 + h2] ? 0 : 1);
        h3 = 2 * h3 + 1 + (xx[col[b3 + h3]] < val[b3 + h3] ? 0 : 1);
      }
      sum += leaf[(t << depth) + h0 - inner];
      sum += leaf[((t + 1) << depth) + h1 - inner];
      sum += leaf[((t + 2) << depth) + h2 - inner];
      sum += leaf[((t + 3) << depth) + h3 - inner];
    }
    for (; t < trees; t++) {
      int b = t * inner;
      int h = 0;
      for (int level = 0; level < depth; level++) {
        h = 2 * h + 1 + (xx[col[b + h]] < val[b + h] ? 0 : 1);
      }
      sum += leaf[(t << depth) + h - inner];
    }
    return sum;
  }

  /** Path lengths summed in tree order by walking the pre-order trees (oblique splits too). */
  private double walkSum(double[] x) {
    final int[] feature = this.feature;
    final double[] coef = this.coef;
    final double[] value = this.value;
    final int[] right = this.right;
    double sum = 0;
    for (int root : roots) {
      int n = root;
      int f;
      while ((f = feature[n]) != LEAF) {
        double v;
        if (f >= 0) {
          v = x[f] * coef[n];
        } else {
          v = 0;
          for (int k = coefStart[n], end = coefStart[n + 1]; k < end; k++) {
            v += x[coefIndex[k]] * coefValue[k];
          }
        }
        n = v < value[n] ? n + 1 : right[n];
      }
      sum += value[n];
    }
    return sum;
  }

  /**
   * The score by walking the stored trees, without the padded layout (for tests that both agree).
   *
   * @param x the features
   * @return the score
   */
  double scoreByWalk(double[] x) {
    return Math.pow(2.0, -(walkSum(x) / roots.length) / c);
  }

  /**
   * Whether the padded branch-free layout is in use.
   *
   * @return true for axis-parallel forests of modest depth
   */
  boolean padded() {
    return depth >= 0;
  }

  int dimensions() {
    return dimensions;
  }

  int trees() {
    return roots.length;
  }

  int nodes() {
    return feature.length;
  }

  void write(ModelOutput out) throws IOException {
    out.writeInt(dimensions);
    out.writeInt(sampleSize);
    out.writeInts(roots);
    out.writeInts(feature);
    out.writeDoubles(coef);
    out.writeDoubles(value);
    out.writeInts(right);
    out.writeInts(coefStart);
    out.writeInts(coefIndex);
    out.writeDoubles(coefValue);
  }

  /**
   * Reads a forest and checks that it is one: every index in range, every tree in pre-order and
   * acyclic (children after their parent), so scoring cannot loop or read outside the arrays.
   */
  static IsolationForest read(ModelInput in) {
    int d = in.readInt("dimensions", 1, 1 << 16);
    int psi = in.readInt("sample size", 2, Integer.MAX_VALUE);
    int[] roots = in.readInts("roots");
    int[] feature = in.readInts("node features");
    double[] coef = in.readDoubles("split signs");
    double[] value = in.readDoubles("node values");
    int[] right = in.readInts("right children");
    int[] coefStart = in.readInts("coefficient starts");
    int[] coefIndex = in.readInts("coefficient columns");
    double[] coefValue = in.readDoubles("coefficients");
    int n = feature.length;
    if (roots.length == 0 || value.length != n || coef.length != n || right.length != n || coefStart.length != n + 1
        || coefIndex.length != coefValue.length) {
      throw in.corrupt("inconsistent forest array sizes");
    }
    if (coefStart[0] != 0 || coefStart[n] != coefIndex.length) {
      throw in.corrupt("coefficient offsets do not span the coefficients");
    }
    for (int r : roots) {
      if (r < 0 || r >= n) {
        throw in.corrupt("tree root " + r + " outside the " + n + " nodes");
      }
    }
    for (int i = 0; i < n; i++) {
      if (coefStart[i + 1] < coefStart[i]) {
        throw in.corrupt("coefficient offsets decrease at node " + i);
      }
      if (!Double.isFinite(value[i]) || !Double.isFinite(coef[i])) {
        throw in.corrupt("node " + i + " has a non-finite value");
      }
      int f = feature[i];
      if (f == LEAF) {
        continue;
      }
      if (f < OBLIQUE || f >= d) {
        throw in.corrupt("node " + i + " splits on column " + f + " of " + d);
      }
      if (i + 1 >= n || right[i] <= i + 1 || right[i] >= n) {
        throw in.corrupt("node " + i + " has children outside (" + i + ", " + n + ")");
      }
      if (f == OBLIQUE) {
        if (coefStart[i + 1] == coefStart[i]) {
          throw in.corrupt("oblique node " + i + " has no coefficients");
        }
        for (int k = coefStart[i]; k < coefStart[i + 1]; k++) {
          if (coefIndex[k] < 0 || coefIndex[k] >= d || !Double.isFinite(coefValue[k])) {
            throw in.corrupt("oblique node " + i + " has a bad coefficient");
          }
        }
      }
    }
    return new IsolationForest(d, psi, roots, feature, coef, value, right, coefStart, coefIndex, coefValue);
  }

  /** A growable int array. */
  static final class IntList {
    private int[] a = new int[256];
    private int size;

    void add(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    int get(int i) {
      return a[i];
    }

    void set(int i, int v) {
      a[i] = v;
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }

  /** A growable double array. */
  static final class DoubleList {
    private double[] a = new double[256];
    private int size;

    void add(double v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    double get(int i) {
      return a[i];
    }

    double[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
