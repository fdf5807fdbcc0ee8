package dev.pfms.ml.gbm;

import dev.pfms.api.ModelException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * A binned (histogram) gradient-boosting trainer of the same kind of model as Smile 4.4's
 * {@link smile.classification.GradientTreeBoost}, compiled straight into a {@link CompiledEnsemble}.
 *
 * <p>What is Smile's: the loss and the leaf values — for {@code k > 2} labels, one tree per class
 * per round fitted to the softmax pseudo-responses {@code r = [y == c] - p_c}, leaf value the Newton
 * step {@code (k-1)/k * sum r / sum |r|(1-|r|)} (Smile's {@code Loss.logistic(c, k, y, p)}); for two
 * labels, {@code y' = 2y - 1}, {@code r = 2y' / (1 + exp(2 y' f))}, leaf {@code sum r / sum |r|(2-|r|)},
 * intercept {@code b = log((1 + mean y') / (1 - mean y')) / 2} (Smile's two-label logistic loss);
 * the split criterion (least-squares gain on {@code r},
 * {@code G_L^2/W_L + G_R^2/W_R - G^2/W}), best-first growth up to {@code maxNodes} leaves, a split
 * only above depth {@code maxDepth} (the root is depth 1), both children at least {@code nodeSize}
 * (weighted) rows, scores {@code f += shrinkage * leaf}. So {@link CompiledEnsemble} scores it with
 * Smile's formulas.
 *
 * <p>What is ours: each feature is binned once — every distinct value its own bin when there are at
 * most {@value #MAX_BINS}, weighted quantile bins otherwise (a value heavier than a bin, such as the
 * 0 of a TF-IDF column, gets its own) — plus one bin for NaN, which always goes to the "false"
 * child as in the scorer. A column with a single value is skipped. Each row keeps only its bins that
 * differ from the feature's most common bin, so a mostly-zero column costs nothing per row: a node's
 * histogram (per bin: {@code sum w r}, {@code sum w |r|(..)}, {@code sum w}) is accumulated over
 * those entries and the common bin is the node total minus the rest. The smaller child's histogram
 * is built, the sibling's is the parent's minus it. A split between bins {@code b} and {@code b+1}
 * has the threshold halfway between the largest value of bin {@code b} and the smallest of bin
 * {@code b+1} (both real values; never equal to either), so every training row goes the same way in
 * the scorer as in training (tested: the trainer's own scores equal the scorer's bit for bit).
 *
 * <p>Weights: a row of weight {@code w} counts as {@code w} identical rows everywhere (binning,
 * sums, {@code nodeSize}), so merged duplicates give the model of the duplicated rows. Row
 * sub-sampling ({@code subsample < 1}) draws a seeded subset per round (shared by the round's k
 * trees). The k trees of a round grow in parallel on the common fork-join pool; each reads shared
 * state and writes only its own class's scores, so the model does not depend on the thread count.
 */
public final class HistGbmTrainer {

  /** The most value bins per feature (one more holds NaN, so codes fit in a byte). */
  public static final int MAX_BINS = 255;

  /**
   * Smile 4.4's {@code RegressionTree} tries a split of a feature only where the node's running
   * sample count (counted from the node's position among all rows) crosses into another
   * {@code 1/bins} of the training rows, {@code bins} being the system property
   * {@code smile.regression_tree.bins} (default 100; 10 or fewer: every value). This trainer keeps
   * the same spacing, so small nodes split as rarely as in Smile's model; read once.
   */
  static final int SPLIT_BINS = Integer.getInteger("smile.regression_tree.bins", 100);

  /** Smile's {@code MathEx.isZero} tolerance: values closer than this are never split apart. */
  static final double SAME_VALUE = 1e-7;

  private HistGbmTrainer() {}

  /**
   * Fits a model on unweighted rows.
   *
   * @param x the rows, all of one width
   * @param y the label of each row, in {@code [0, classes)}, every label present
   * @param classes the number of labels (at least 2)
   * @param options the settings ({@link GbmOptions#splits()} is not consulted here)
   * @return the compiled model
   * @throws ModelException when there are fewer than two labels or a label is missing
   */
  public static CompiledEnsemble fit(double[][] x, int[] y, int classes, GbmOptions options) {
    return fit(x, y, null, classes, options);
  }

  /**
   * Fits a model on weighted rows.
   *
   * @param x the rows, all of one width
   * @param y the label of each row, in {@code [0, classes)}, every label present
   * @param weight the weight of each row (finite, positive; a count of identical rows), or null for 1
   * @param classes the number of labels (at least 2)
   * @param options the settings; with {@link GbmOptions#maxRowsPerLabel()} set and no weights,
   *     identical rows are merged into counts and each label capped as in {@link GbmTrainer}
   * @return the compiled model
   * @throws ModelException when there are fewer than two labels or a label is missing
   */
  public static CompiledEnsemble fit(double[][] x, int[] y, double[] weight, int classes, GbmOptions options) {
    return train(x, y, weight, classes, options).ensemble();
  }

  /** The model and the trainer's own final scores of each training row ({@code [class][row]}). */
  record Result(CompiledEnsemble ensemble, double[][] scores, double[][] x) {}

  static Result train(double[][] x, int[] y, double[] weight, int classes, GbmOptions options) {
    if (classes < 2) {
      throw new ModelException("gradient boosting needs at least two labels, got " + classes);
    }
    if (x == null || y == null || options == null) {
      throw new IllegalArgumentException("rows, labels and options are required");
    }
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("need as many labels as rows, and at least one row");
    }
    if (weight != null && weight.length != x.length) {
      throw new IllegalArgumentException("need one weight per row: " + weight.length + " for " + x.length);
    }
    int width = x[0].length;
    if (width < 1) {
      throw new IllegalArgumentException("rows need at least one feature");
    }
    boolean[] seen = new boolean[classes];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != width) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + width);
      }
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException("label out of range: " + y[i]);
      }
      if (weight != null && !(weight[i] > 0 && weight[i] < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("row " + i + " has weight " + weight[i] + ": weights must be finite and > 0");
      }
      seen[y[i]] = true;
    }
    for (int c = 0; c < classes; c++) {
      if (!seen[c]) {
        throw new ModelException("label index " + c + " has no training row");
      }
    }
    if (weight == null && options.maxRowsPerLabel() > 0) {
      GbmTrainer.Rows rows = GbmTrainer.cap(GbmTrainer.merge(x, y), classes, options.maxRowsPerLabel(),
          options.seed());
      x = rows.x();
      y = rows.y();
      weight = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        weight[i] = rows.weight()[i];
      }
    }
    double[] w = weight != null ? weight : filled(x.length, 1.0);
    Bins bins = Bins.of(x, w);
    return new Boost(bins, y, w, classes, options).run(x);
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  /** The binned features: per used feature its cuts and row codes, and each row's non-common bins. */
  static final class Bins {
    final int n;
    final int width;
    /** Original column of each used feature. */
    final int[] column;
    /** Value bins of each used feature; code {@code nbins[u]} is NaN. */
    final int[] nbins;
    /** First histogram slot of each used feature ({@code nbins + 1} slots each). */
    final int[] offset;
    /** The smallest value of each value bin, per used feature. */
    final double[][] low;
    /** The largest value of each value bin, per used feature. */
    final double[][] high;
    /** The code of every row, per used feature. */
    final byte[][] code;
    /** The most common bin of each used feature (left out of {@link #entry}). */
    final int[] common;
    /** Per row, the histogram slots of its bins other than the common ones. */
    final int[] rowStart;
    final int[] entry;
    final int slots;

    private Bins(int n, int width, int[] column, int[] nbins, double[][] low, double[][] high, byte[][] code,
        int[] common, int[] rowStart, int[] entry) {
      this.n = n;
      this.width = width;
      this.column = column;
      this.nbins = nbins;
      this.low = low;
      this.high = high;
      this.code = code;
      this.common = common;
      this.rowStart = rowStart;
      this.entry = entry;
      this.offset = new int[column.length];
      int s = 0;
      for (int u = 0; u < column.length; u++) {
        offset[u] = s;
        s += nbins[u] + 1;
      }
      this.slots = s;
    }

    int used() {
      return column.length;
    }

    static Bins of(double[][] x, double[] w) {
      int n = x.length;
      int width = x[0].length;
      int[] column = new int[width];
      int[] nbins = new int[width];
      double[][] low = new double[width][];
      double[][] high = new double[width][];
      byte[][] code = new byte[width][];
      int[] common = new int[width];
      double[] buf = new double[n];
      int[] distinct = new int[n];
      int used = 0;
      for (int f = 0; f < width; f++) {
        // the non-zero, non-NaN values, sorted and made distinct; 0 joins them when present
        int m = 0;
        boolean zero = false;
        boolean nan = false;
        for (double[] row : x) {
          double v = row[f];
          if (v != v) {
            nan = true;
          } else if (v == 0) {
            zero = true;
          } else {
            buf[m++] = v;
          }
        }
        Arrays.sort(buf, 0, m);
        int d = 0;
        boolean zeroPlaced = !zero;
        double[] u = new double[Math.min(n, m + 1)];
        for (int i = 0; i < m; i++) {
          double v = buf[i];
          if (!zeroPlaced && v > 0) {
            u[d++] = 0.0;
            zeroPlaced = true;
          }
          if (d == 0 || u[d - 1] != v) {
            u[d++] = v;
          }
        }
        if (!zeroPlaced) {
          u[d++] = 0.0;
        }
        if (d + (nan ? 1 : 0) < 2) {
          continue; // one value (e.g. an all-zero column): no split possible
        }
        int zeroIndex = zero ? Arrays.binarySearch(u, 0, d, 0.0) : -1;
        double[] wu = new double[d];
        double nanWeight = 0;
        for (int i = 0; i < n; i++) {
          double v = x[i][f];
          int j;
          if (v != v) {
            j = -1;
            nanWeight += w[i];
          } else {
            j = v == 0 ? zeroIndex : Arrays.binarySearch(u, 0, d, v);
            wu[j] += w[i];
          }
          distinct[i] = j;
        }
        int[] binOf = group(u, wu, d);
        int nb = binOf[d - 1] + 1;
        double[] lows = new double[nb];
        double[] highs = new double[nb];
        for (int j = 0; j < d; j++) {
          if (j == 0 || binOf[j] != binOf[j - 1]) {
            lows[binOf[j]] = u[j];
          }
          highs[binOf[j]] = u[j];
        }
        double[] binWeight = new double[nb + 1];
        for (int j = 0; j < d; j++) {
          binWeight[binOf[j]] += wu[j];
        }
        binWeight[nb] = nanWeight;
        int heaviest = 0;
        for (int b = 1; b <= nb; b++) {
          if (binWeight[b] > binWeight[heaviest]) {
            heaviest = b;
          }
        }
        byte[] c = new byte[n];
        for (int i = 0; i < n; i++) {
          c[i] = (byte) (distinct[i] < 0 ? nb : binOf[distinct[i]]);
        }
        column[used] = f;
        nbins[used] = nb;
        low[used] = lows;
        high[used] = highs;
        code[used] = c;
        common[used] = heaviest;
        used++;
      }
      column = Arrays.copyOf(column, used);
      nbins = Arrays.copyOf(nbins, used);
      low = Arrays.copyOf(low, used);
      high = Arrays.copyOf(high, used);
      code = Arrays.copyOf(code, used);
      common = Arrays.copyOf(common, used);
      int[] offset = new int[used];
      for (int u = 1; u < used; u++) {
        offset[u] = offset[u - 1] + nbins[u - 1] + 1;
      }
      int[] rowStart = new int[n + 1];
      for (int u = 0; u < used; u++) {
        byte[] c = code[u];
        for (int i = 0; i < n; i++) {
          if ((c[i] & 0xFF) != common[u]) {
            rowStart[i + 1]++;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        rowStart[i + 1] += rowStart[i];
      }
      int[] entry = new int[rowStart[n]];
      int[] fill = Arrays.copyOf(rowStart, n);
      for (int u = 0; u < used; u++) {
        byte[] c = code[u];
        for (int i = 0; i < n; i++) {
          int b = c[i] & 0xFF;
          if (b != common[u]) {
            entry[fill[i]++] = offset[u] + b;
          }
        }
      }
      return new Bins(n, width, column, nbins, low, high, code, common, rowStart, entry);
    }

    /**
     * Groups {@code d} sorted distinct values of weights {@code wu} into at most {@link #MAX_BINS}
     * consecutive bins of about equal weight; a value heavier than a bin's share gets its own bin.
     */
    static int[] group(double[] u, double[] wu, int d) {
      int[] binOf = new int[d];
      int apart = 1;
      for (int j = 1; j < d; j++) {
        apart += u[j] - u[j - 1] < SAME_VALUE ? 0 : 1;
      }
      if (apart <= MAX_BINS) {
        for (int j = 1; j < d; j++) {
          binOf[j] = binOf[j - 1] + (u[j] - u[j - 1] < SAME_VALUE ? 0 : 1);
        }
        return binOf;
      }
      double remaining = 0;
      for (int j = 0; j < d; j++) {
        remaining += wu[j];
      }
      int bin = 0;
      int binsLeft = MAX_BINS;
      double target = remaining / binsLeft;
      double acc = 0;
      for (int j = 0; j < d; j++) {
        binOf[j] = bin;
        acc += wu[j];
        remaining -= wu[j];
        if (j + 1 < d && binsLeft > 1 && (acc >= target || wu[j + 1] >= target)
            && !(u[j + 1] - u[j] < SAME_VALUE)) {
          bin++;
          binsLeft--;
          acc = 0;
          target = remaining / binsLeft;
        }
      }
      return binOf;
    }

    /** A threshold {@code t} with {@code a <= t < b}: their midpoint, or {@code a} when it rounds to {@code b}. */
    static double between(double a, double b) {
      double m = (a + b) / 2;
      if (Double.isInfinite(m)) {
        m = a / 2 + b / 2;
      }
      return a <= m && m < b ? m : a;
    }

    /**
     * The threshold of a split of used feature {@code u} between bin {@code b} and the next bin
     * {@code next} that holds rows of the node (bins between are empty there): halfway between the
     * largest value of {@code b} and the smallest of {@code next}, as Smile's CART splits halfway
     * between a node's adjacent values; {@code +inf} when {@code next} is the NaN bin.
     */
    double threshold(int u, int b, int next) {
      return next < nbins[u] ? between(high[u][b], low[u][next]) : Double.POSITIVE_INFINITY;
    }
  }

  /** One tree in growth order; converted to the ensemble's pre-order at the end. */
  static final class Tree {
    int size;
    int[] feature = new int[16];
    double[] threshold = new double[16];
    int[] left = new int[16];
    int[] right = new int[16];
    double[] value = new double[16];
    double[] weight = new double[16];

    int add() {
      if (size == feature.length) {
        int c = size * 2;
        feature = Arrays.copyOf(feature, c);
        threshold = Arrays.copyOf(threshold, c);
        left = Arrays.copyOf(left, c);
        right = Arrays.copyOf(right, c);
        value = Arrays.copyOf(value, c);
        weight = Arrays.copyOf(weight, c);
      }
      feature[size] = -1;
      return size++;
    }
  }

  /** A leaf that may be split: its rows {@code index[lo, hi)}, totals, histogram and best split. */
  private static final class Leaf {
    final int node;
    final int lo;
    final int hi;
    final int depth;
    final double g;
    final double h;
    final double w;
    /** The weight of the rows before this leaf's in the index (Smile's position of the node). */
    double base;
    double[] hist;
    int feature = -1;
    int bin;
    int next;
    double gain;

    Leaf(int node, int lo, int hi, int depth, double g, double h, double w) {
      this.node = node;
      this.lo = lo;
      this.hi = hi;
      this.depth = depth;
      this.g = g;
      this.h = h;
      this.w = w;
    }
  }

  /** Per-thread buffers, borrowed for one tree. */
  private static final class Scratch {
    final int[] index;
    final int[] tmp;
    final double[] g;
    final double[] h;
    final ArrayDeque<double[]> hists = new ArrayDeque<>();
    final int slots;

    Scratch(int n, int slots) {
      index = new int[n];
      tmp = new int[n];
      g = new double[n];
      h = new double[n];
      this.slots = slots;
    }

    double[] hist() {
      double[] a = hists.poll();
      if (a == null) {
        return new double[3 * slots];
      }
      Arrays.fill(a, 0.0);
      return a;
    }

    void release(double[] a) {
      if (a != null) {
        hists.push(a);
      }
    }
  }

  /** The boosting loop. */
  private static final class Boost {
    final Bins bins;
    final int[] y;
    final double[] w;
    final int classes;
    final int k;
    final GbmOptions o;
    final int n;
    final ConcurrentLinkedQueue<Scratch> scratch = new ConcurrentLinkedQueue<>();
    /** Smile's candidate spacing in weight: {@code max(1, floor(total / SPLIT_BINS))}, 1 for few bins. */
    final double step;

    Boost(Bins bins, int[] y, double[] w, int classes, GbmOptions o) {
      this.bins = bins;
      this.y = y;
      this.w = w;
      this.classes = classes;
      this.k = classes == 2 ? 1 : classes;
      this.o = o;
      this.n = y.length;
      double total = 0;
      for (double v : w) {
        total += v;
      }
      this.step = SPLIT_BINS > 10 ? Math.max(1, Math.floor(Math.floor(total) / SPLIT_BINS)) : 1;
    }

    Result run(double[][] x) {
      double[][] f = new double[k][n];
      double intercept = 0.0;
      if (classes == 2) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
          sum += w[i] * (2 * y[i] - 1);
          total += w[i];
        }
        double mean = sum / total;
        intercept = 0.5 * Math.log((1 + mean) / (1 - mean));
        Arrays.fill(f[0], intercept);
      }
      int rounds = o.trees();
      Tree[][] trees = new Tree[k][rounds];
      double[][] p = classes == 2 ? null : new double[k][n];
      SplittableRandom random = new SplittableRandom(o.seed());
      int[] perm = o.subsample() < 1 ? IntStream.range(0, n).toArray() : null;
      for (int t = 0; t < rounds; t++) {
        double[] rw = w;
        if (perm != null) {
          // a seeded subset of the rows for this round: partial Fisher-Yates
          int m = Math.max(1, (int) Math.round(n * o.subsample()));
          rw = new double[n];
          for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int s = perm[i];
            perm[i] = perm[j];
            perm[j] = s;
            rw[perm[i]] = w[perm[i]];
          }
        }
        if (p != null) {
          softmax(f, p);
        }
        int round = t;
        double[] roundWeight = rw;
        IntStream.range(0, k).parallel().forEach(c -> {
          Scratch s = scratch.poll();
          if (s == null) {
            s = new Scratch(n, bins.slots);
          }
          try {
            trees[c][round] = grow(c, f, p, roundWeight, s);
          } finally {
            scratch.add(s);
          }
        });
      }
      return new Result(assemble(trees, o.shrinkage(), intercept, bins.width, classes), f, x);
    }

    /** Smile's {@code MathEx.softmax} of each row's scores, rows in parallel chunks. */
    private void softmax(double[][] f, double[][] p) {
      int chunk = 4096;
      IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(b -> {
        double[] row = new double[k];
        for (int i = b * chunk, end = Math.min(n, i + chunk); i < end; i++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int c = 0; c < k; c++) {
            row[c] = f[c][i];
            max = Math.max(max, row[c]);
          }
          double sum = 0;
          for (int c = 0; c < k; c++) {
            row[c] = Math.exp(row[c] - max);
            sum += row[c];
          }
          for (int c = 0; c < k; c++) {
            p[c][i] = row[c] / sum;
          }
        }
      });
    }

    /** Grows class {@code c}'s tree of this round and adds {@code shrinkage * leaf} to its scores. */
    private Tree grow(int c, double[][] f, double[][] p, double[] rw, Scratch s) {
      double[] g = s.g;
      double[] h = s.h;
      if (classes == 2) {
        double[] fc = f[0];
        for (int i = 0; i < n; i++) {
          double yy = 2 * y[i] - 1;
          double r = 2 * yy / (1 + Math.exp(2 * yy * fc[i]));
          double a = Math.abs(r);
          g[i] = r;
          h[i] = a * (2 - a);
        }
      } else {
        double[] pc = p[c];
        for (int i = 0; i < n; i++) {
          double r = (y[i] == c ? 1.0 : 0.0) - pc[i];
          double a = Math.abs(r);
          g[i] = r;
          h[i] = a * (1 - a);
        }
      }
      int[] index = s.index;
      for (int i = 0; i < n; i++) {
        index[i] = i;
      }
      Tree tree = new Tree();
      Leaf root = leaf(tree, 0, n, 1, rw, g, h, index);
      root.hist = s.hist();
      histogram(root, rw, g, h, s);
      PriorityQueue<Leaf> queue = new PriorityQueue<>((a, b) -> a.gain != b.gain ? Double.compare(b.gain, a.gain)
          : Integer.compare(a.node, b.node));
      ArrayDeque<Leaf> leaves = new ArrayDeque<>();
      consider(root, queue, s);
      leaves.add(root);
      int count = 1;
      while (count < o.maxNodes() && !queue.isEmpty()) {
        Leaf parent = queue.poll();
        int u = parent.feature;
        byte[] code = bins.code[u];
        int bin = parent.bin;
        int lo = parent.lo;
        int hi = parent.hi;
        int pos = lo;
        int q = 0;
        int[] tmp = s.tmp;
        for (int i = lo; i < hi; i++) {
          int r = index[i];
          if ((code[r] & 0xFF) <= bin) {
            index[pos++] = r;
          } else {
            tmp[q++] = r;
          }
        }
        System.arraycopy(tmp, 0, index, pos, q);
        Leaf left = leaf(tree, lo, pos, parent.depth + 1, rw, g, h, index);
        Leaf right = leaf(tree, pos, hi, parent.depth + 1, rw, g, h, index);
        left.base = parent.base;
        right.base = parent.base + left.w;
        tree.feature[parent.node] = bins.column[u];
        tree.threshold[parent.node] = bins.threshold(u, bin, parent.next);
        tree.left[parent.node] = left.node;
        tree.right[parent.node] = right.node;
        leaves.remove(parent);
        Leaf small = left.hi - left.lo <= right.hi - right.lo ? left : right;
        Leaf large = small == left ? right : left;
        if (splittable(small) || splittable(large)) {
          small.hist = s.hist();
          histogram(small, rw, g, h, s);
          large.hist = parent.hist;
          double[] lh = large.hist;
          double[] sh = small.hist;
          for (int i = 0; i < lh.length; i++) {
            lh[i] -= sh[i];
          }
        } else {
          s.release(parent.hist);
        }
        parent.hist = null;
        consider(left, queue, s);
        consider(right, queue, s);
        leaves.add(left);
        leaves.add(right);
        count++;
      }
      for (Leaf l : queue) {
        s.release(l.hist);
        l.hist = null;
      }
      double shrinkage = o.shrinkage();
      double[] fc = f[c];
      for (Leaf l : leaves) {
        double v = output(l);
        tree.value[l.node] = v;
        tree.weight[l.node] = l.w;
        double step = shrinkage * v;
        for (int i = l.lo; i < l.hi; i++) {
          fc[index[i]] += step;
        }
      }
      return tree;
    }

    /** Smile's Newton-step leaf value from the node's sums. */
    private double output(Leaf l) {
      if (l.h < 1e-10) {
        return l.w > 0 ? l.g / l.w : 0.0;
      }
      return classes == 2 ? l.g / l.h : ((classes - 1.0) / classes) * (l.g / l.h);
    }

    /** A new node over {@code index[lo, hi)} with its weighted sums, added in row order. */
    private Leaf leaf(Tree tree, int lo, int hi, int depth, double[] rw, double[] g, double[] h, int[] index) {
      double sg = 0;
      double sh = 0;
      double sw = 0;
      for (int i = lo; i < hi; i++) {
        int r = index[i];
        double wr = rw[r];
        if (wr != 0) {
          sg += wr * g[r];
          sh += wr * h[r];
          sw += wr;
        }
      }
      return new Leaf(tree.add(), lo, hi, depth, sg, sh, sw);
    }

    private boolean splittable(Leaf l) {
      return l.depth < o.maxDepth() && l.w >= 2.0 * o.nodeSize();
    }

    /** Finds the leaf's best split and queues it, or frees its histogram when it has none. */
    private void consider(Leaf l, PriorityQueue<Leaf> queue, Scratch s) {
      if (l.hist != null && splittable(l)) {
        best(l);
        if (l.feature >= 0) {
          queue.add(l);
          return;
        }
      }
      s.release(l.hist);
      l.hist = null;
    }

    /** The split of largest least-squares gain over all used features and bins (first wins a tie). */
    private void best(Leaf l) {
      double[] hist = l.hist;
      double nodeSize = o.nodeSize();
      double parentScore = l.g * l.g / l.w;
      double floor = 1e-12 * Math.abs(parentScore);
      double bestGain = 0;
      double step = this.step;
      for (int u = 0; u < bins.used(); u++) {
        double last = Math.floor(l.base / step);
        int base = 3 * bins.offset[u];
        int nb = bins.nbins[u];
        double gl = 0;
        double wl = 0;
        int previous = -1;
        // a candidate parts the node after its non-empty bin 'previous', before the next non-empty one
        for (int b = 0; b <= nb; b++) {
          double wb = hist[base + 3 * b + 2];
          if (wb <= 0) {
            continue;
          }
          if (previous >= 0 && wl >= nodeSize) {
            double wr = l.w - wl;
            if (wr < nodeSize) {
              break;
            }
            // Smile's spacing: a candidate only where the running weight (from the node's
            // position) has crossed into another 1/SPLIT_BINS of the training rows since the last one
            double bucket = Math.floor((l.base + wl) / step);
            if (bucket <= last) {
              gl += hist[base + 3 * b];
              wl += wb;
              previous = b;
              continue;
            }
            last = bucket;
            double gr = l.g - gl;
            double gain = gl * gl / wl + gr * gr / wr - parentScore;
            // a later candidate must beat the best by more than rounding, so that a tie (two
            // features that part the rows alike) goes to the first whatever the order of summation
            if (gain > bestGain + 1e-10 * bestGain && gain > floor) {
              bestGain = gain;
              l.feature = u;
              l.bin = previous;
              l.next = b;
            }
          }
          gl += hist[base + 3 * b];
          wl += wb;
          previous = b;
        }
      }
      l.gain = bestGain;
    }

    /**
     * Accumulates the leaf's histogram over its rows' non-common bins, then sets each feature's
     * common bin to the leaf's totals minus the feature's other bins.
     */
    private void histogram(Leaf l, double[] rw, double[] g, double[] h, Scratch s) {
      double[] hist = l.hist;
      int[] index = s.index;
      int[] rowStart = bins.rowStart;
      int[] entry = bins.entry;
      for (int i = l.lo; i < l.hi; i++) {
        int r = index[i];
        double wr = rw[r];
        if (wr == 0) {
          continue;
        }
        double wg = wr * g[r];
        double wh = wr * h[r];
        for (int e = rowStart[r], end = rowStart[r + 1]; e < end; e++) {
          int slot = 3 * entry[e];
          hist[slot] += wg;
          hist[slot + 1] += wh;
          hist[slot + 2] += wr;
        }
      }
      for (int u = 0; u < bins.used(); u++) {
        int base = 3 * bins.offset[u];
        int common = base + 3 * bins.common[u];
        double og = 0;
        double oh = 0;
        double ow = 0;
        for (int b = 0, end = bins.nbins[u] + 1; b < end; b++) {
          int slot = base + 3 * b;
          og += hist[slot];
          oh += hist[slot + 1];
          ow += hist[slot + 2];
        }
        // the common slot is still 0 here, so og/oh/ow are the other bins' sums
        hist[common] = l.g - og;
        hist[common + 1] = l.h - oh;
        hist[common + 2] = l.w - ow;
      }
    }
  }

  /**
   * Lays the trees out as {@link CompiledEnsemble} keeps them: class-major roots, each tree in
   * pre-order (true child first), an internal node's value the weighted mean of its leaves.
   */
  static CompiledEnsemble assemble(Tree[][] trees, double shrinkage, double intercept, int width, int classes) {
    int total = 0;
    for (Tree[] seq : trees) {
      for (Tree t : seq) {
        total += t.size;
      }
    }
    int perClass = trees[0].length;
    int[] roots = new int[trees.length * perClass];
    int[] feature = new int[total];
    double[] threshold = new double[total];
    int[] trueChild = new int[total];
    int[] falseChild = new int[total];
    double[] value = new double[total];
    double[] weight = new double[total];
    int[] next = {0};
    for (int c = 0; c < trees.length; c++) {
      for (int t = 0; t < perClass; t++) {
        roots[c * perClass + t] = copy(trees[c][t], 0, next, feature, threshold, trueChild, falseChild, value, weight);
      }
    }
    return CompiledEnsemble.of(classes, width, perClass, shrinkage, intercept, roots, feature, threshold, trueChild,
        falseChild, value);
  }

  private static int copy(Tree tree, int node, int[] next, int[] feature, double[] threshold, int[] trueChild,
      int[] falseChild, double[] value, double[] weight) {
    int id = next[0]++;
    feature[id] = tree.feature[node];
    if (tree.feature[node] < 0) {
      value[id] = tree.value[node];
      weight[id] = tree.weight[node];
      return id;
    }
    threshold[id] = tree.threshold[node];
    int t = copy(tree, tree.left[node], next, feature, threshold, trueChild, falseChild, value, weight);
    int f = copy(tree, tree.right[node], next, feature, threshold, trueChild, falseChild, value, weight);
    trueChild[id] = t;
    falseChild[id] = f;
    weight[id] = weight[t] + weight[f];
    value[id] = weight[id] == 0 ? 0.5 * (value[t] + value[f])
        : (weight[t] * value[t] + weight[f] * value[f]) / weight[id];
    return id;
  }
}
