package dev.pfms.ml.gbm;

import dev.pfms.api.ModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.base.cart.CART;
import smile.base.cart.Loss;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.data.vector.IntVector;
import smile.math.MathEx;
import smile.regression.RegressionTree;

/**
 * Fits Smile's {@link GradientTreeBoost} on a dense matrix with integer labels {@code 0..k-1}.
 *
 * <p>For three or more labels with {@code subsample == 1}, the boosting loop below is Smile 4.4's
 * {@code GradientTreeBoost} multi-class loop step for step over Smile's public
 * {@link RegressionTree} constructor and {@link Loss#logistic(int, int, int[], double[][])}: it grows
 * exactly Smile's trees (a test compares the probabilities bit for bit), but the trees of one round
 * (one per class) grow in parallel on the common fork-join pool; they draw no random numbers, so
 * the model does not depend on the thread count.
 *
 * <p>Training cost grows with the rows Smile's exact CART sees. With
 * {@link GbmOptions#maxRowsPerLabel()} set, identical (row, label) pairs are first merged into one
 * row with a weight (their count, passed as Smile's per-row sample count), and a label with more
 * distinct rows than the cap keeps a seeded random subset, reweighted so that the label's total
 * weight stays its row count (the class prior is kept). Smile's trees do not treat a count of
 * {@code w} exactly as {@code w} copies, so this is an approximation whose accuracy is measured, and
 * it is off by default. Two labels (e.g. {@code stacked-gbm}'s "is this candidate right" rows,
 * which are not categories) and row sub-sampling run Smile's own {@code fit} on the rows as given.
 *
 * <p>Every label in {@code 0..k-1} must occur, so that Smile's class indices equal ours. Stateless
 * and thread-safe apart from Smile's random generator, which is thread-local and seeded per call.
 */
public final class GbmTrainer {

  private static final String LABEL = "y";

  private GbmTrainer() {}

  /**
   * Fits a model.
   *
   * @param x the rows, all of one width
   * @param y the label of each row, in {@code [0, classes)}, every label present
   * @param classes the number of labels (at least 2)
   * @param options the settings
   * @return the fitted Smile model
   * @throws ModelException when there are fewer than two labels or a label is missing
   */
  public static GradientTreeBoost fit(double[][] x, int[] y, int classes, GbmOptions options) {
    if (classes < 2) {
      throw new ModelException("gradient boosting needs at least two labels, got " + classes);
    }
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("need as many labels as rows, and at least one row");
    }
    boolean[] seen = new boolean[classes];
    for (int label : y) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label out of range: " + label);
      }
      seen[label] = true;
    }
    for (int c = 0; c < classes; c++) {
      if (!seen[c]) {
        throw new ModelException("label index " + c + " has no training row");
      }
    }
    boolean weighted = classes > 2 && options.subsample() == 1.0;
    Rows rows = weighted && options.maxRowsPerLabel() > 0
        ? cap(merge(x, y), classes, options.maxRowsPerLabel(), options.seed()) : new Rows(x, y, null);
    DataFrame df = DataFrame.of(rows.x, names(rows.x[0].length)).add(new IntVector(LABEL, rows.y));
    MathEx.setSeed(options.seed());
    if (!weighted) {
      GradientTreeBoost.Options o = new GradientTreeBoost.Options(options.trees(), options.maxDepth(),
          options.maxNodes(), options.nodeSize(), options.shrinkage(), options.subsample(), null, null);
      return GradientTreeBoost.fit(Formula.lhs(LABEL), df, o);
    }
    return boost(Formula.lhs(LABEL), df, rows.y, rows.weight, classes, options);
  }

  /**
   * Fits a model with the split search {@link GbmOptions#splits()} names and compiles it for
   * scoring: {@link GbmOptions.Splits#HISTOGRAM} is {@link HistGbmTrainer#fit}, {@link
   * GbmOptions.Splits#EXACT} is {@link #fit} (Smile's exact CART) compiled by
   * {@link CompiledEnsemble#compile}. The entry point the categorizers train through.
   *
   * @param x the rows, all of one width
   * @param y the label of each row, in {@code [0, classes)}, every label present
   * @param classes the number of labels (at least 2)
   * @param options the settings
   * @return the compiled model
   * @throws ModelException when there are fewer than two labels or a label is missing
   */
  public static CompiledEnsemble fitCompiled(double[][] x, int[] y, int classes, GbmOptions options) {
    if (options.splits() == GbmOptions.Splits.HISTOGRAM) {
      return HistGbmTrainer.fit(x, y, classes, options);
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("need at least one row");
    }
    return CompiledEnsemble.compile(fit(x, y, classes, options), classes, x[0].length, options.shrinkage());
  }

  /** Rows, labels and optional integer weights (null: all 1). */
  record Rows(double[][] x, int[] y, int[] weight) {}

  /** Merges identical (row, label) pairs, first occurrence order, weight = count. */
  static Rows merge(double[][] x, int[] y) {
    Map<Key, Integer> index = new HashMap<>(x.length * 2);
    List<double[]> ux = new ArrayList<>();
    int[] uy = new int[x.length];
    int[] w = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      Integer at = index.putIfAbsent(new Key(x[i], y[i]), ux.size());
      if (at == null) {
        uy[ux.size()] = y[i];
        w[ux.size()] = 1;
        ux.add(x[i]);
      } else {
        w[at]++;
      }
    }
    int n = ux.size();
    return new Rows(ux.toArray(new double[0][]), Arrays.copyOf(uy, n), Arrays.copyOf(w, n));
  }

  /** A row and label compared by value (doubles by their bits, so -0.0 and 0.0 stay apart). */
  private record Key(double[] row, int label) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && label == k.label && Arrays.equals(row, k.row);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(row) * 31 + label;
    }
  }

  /**
   * Keeps at most {@code cap} rows of each label, a seeded random choice; with weights, the kept
   * rows of a capped label are reweighted to sum to about the label's total weight.
   */
  static Rows cap(Rows rows, int classes, int cap, long seed) {
    if (cap <= 0) {
      return rows;
    }
    int[] count = new int[classes];
    for (int label : rows.y) {
      count[label]++;
    }
    boolean binds = false;
    for (int c = 0; c < classes; c++) {
      binds |= count[c] > cap;
    }
    if (!binds) {
      return rows;
    }
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int n = rows.y.length;
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    boolean[] keep = new boolean[n];
    int[] kept = new int[classes];
    for (int i : perm) {
      int c = rows.y[i];
      if (kept[c] < cap) {
        kept[c]++;
        keep[i] = true;
      }
    }
    long[] total = new long[classes];
    long[] keptWeight = new long[classes];
    for (int i = 0; i < n; i++) {
      int w = rows.weight == null ? 1 : rows.weight[i];
      total[rows.y[i]] += w;
      if (keep[i]) {
        keptWeight[rows.y[i]] += w;
      }
    }
    int m = 0;
    for (boolean k : keep) {
      m += k ? 1 : 0;
    }
    double[][] x = new double[m][];
    int[] y = new int[m];
    int[] weight = rows.weight == null ? null : new int[m];
    // cumulative rounding: a capped label's weights sum to its total exactly, each at least 1
    long[] cumulative = new long[classes];
    long[] emitted = new long[classes];
    int j = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        x[j] = rows.x[i];
        y[j] = rows.y[i];
        if (weight != null) {
          int c = y[j];
          cumulative[c] += rows.weight[i];
          long upTo = Math.round(cumulative[c] * (double) total[c] / keptWeight[c]);
          weight[j] = (int) Math.min(Integer.MAX_VALUE, Math.max(1, upTo - emitted[c]));
          emitted[c] += weight[j];
        }
        j++;
      }
    }
    return new Rows(x, y, weight);
  }

  /**
   * Smile 4.4's multi-class gradient boosting ({@code GradientTreeBoost.traink}) with per-row
   * sample counts: each round computes the softmax of the scores per row, then grows one
   * regression tree per class on the logistic loss's pseudo-responses and adds
   * {@code shrinkage * tree(x)} to that class's scores.
   */
  private static GradientTreeBoost boost(Formula formula, DataFrame data, int[] y, int[] weight, int k,
      GbmOptions options) {
    formula = formula.expand(data.schema());
    DataFrame x = formula.x(data);
    int[][] order = CART.order(x);
    int n = x.size();
    int p = x.ncol();
    int ntrees = options.trees();
    double shrinkage = options.shrinkage();
    StructField field = new StructField("residual", DataTypes.DoubleType);
    RegressionTree[][] forest = new RegressionTree[k][ntrees];
    double[][] prob = new double[n][k];
    double[][] h = new double[k][];
    Loss[] loss = new Loss[k];
    for (int j = 0; j < k; j++) {
      loss[j] = Loss.logistic(j, k, y, prob);
      h[j] = loss[j].residual();
    }
    int[] samples = new int[n];
    if (weight == null) {
      Arrays.fill(samples, 1);
    } else {
      System.arraycopy(weight, 0, samples, 0, n);
    }
    Tuple[] rows = new Tuple[n];
    for (int i = 0; i < n; i++) {
      rows[i] = x.get(i);
    }
    for (int t = 0; t < ntrees; t++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          prob[i][j] = h[j][i];
        }
        MathEx.softmax(prob[i]);
      }
      // the classes' trees of one round only read the shared probabilities: grow them in parallel
      // (no randomness is drawn with all features and all rows, so the result is the sequential one)
      int round = t;
      IntStream.range(0, k).parallel().forEach(j -> {
        RegressionTree tree = new RegressionTree(x, loss[j], field, options.maxDepth(), options.maxNodes(),
            options.nodeSize(), p, samples.clone(), order);
        forest[j][round] = tree;
        double[] hj = h[j];
        for (int i = 0; i < n; i++) {
          hj[i] += shrinkage * tree.predict(rows[i]);
        }
      });
    }
    double[] importance = new double[p];
    for (RegressionTree[] seq : forest) {
      for (RegressionTree tree : seq) {
        double[] imp = tree.importance();
        for (int i = 0; i < imp.length; i++) {
          importance[i] += imp[i];
        }
      }
    }
    return new GradientTreeBoost(formula, forest, shrinkage, importance);
  }

  /**
   * The schema of the predictor columns for a given width, for building Smile {@link Tuple}s.
   *
   * @param width the number of features
   * @return the schema
   */
  public static StructType schema(int width) {
    return DataFrame.of(new double[][] {new double[width]}, names(width)).schema();
  }

  /**
   * A Smile tuple for one row, to call {@link GradientTreeBoost#predict(Tuple, double[])}.
   *
   * @param schema from {@link #schema(int)}
   * @param row the features
   * @return the tuple
   */
  public static Tuple tuple(StructType schema, double[] row) {
    return Tuple.of(schema, row);
  }

  private static String[] names(int width) {
    String[] n = new String[width];
    Arrays.setAll(n, i -> "f" + i);
    return n;
  }
}
