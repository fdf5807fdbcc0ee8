package dev.pfms.ml.gbm;

import dev.pfms.api.ModelException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.base.cart.InternalNode;
import smile.base.cart.LeafNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.classification.GradientTreeBoost;
import smile.regression.RegressionTree;

/**
 * A fitted {@link GradientTreeBoost} copied into flat arrays for fast scoring.
 *
 * <p>Scoring follows Smile 4.4.2's {@code predict(Tuple, double[])} operation for operation, so the
 * class and probabilities are the same: for {@code k > 2} labels, the score of class {@code c} is
 * {@code sum over its trees of shrinkage * leaf output} (starting from 0, no prior), and the
 * posterior is the softmax of the scores after subtracting the largest (the first largest wins a
 * tie); for two labels, {@code f = b + sum of shrinkage * leaf output}, {@code p0 = 1/(1+exp(2f))},
 * {@code p1 = 1 - p0}, and the class is 1 when {@code f > 0}. A split sends {@code x[f] <= t} to the
 * "true" child (NaN goes to the other).
 *
 * <p>Everything is read through Smile's public API — no reflection: the trees from
 * {@link GradientTreeBoost#trees()}, each node's feature and children from {@link InternalNode}, leaf
 * outputs from {@link RegressionNode#output()}. Smile does not publish a split's threshold, the
 * two-label intercept {@code b} or the shrinkage: the threshold is found exactly by bisecting the
 * doubles with the public {@link InternalNode#branch(Tuple)} (64 probes a split), the shrinkage is
 * the one the model was trained with, and {@code b} follows from Smile's public
 * {@code predict(Tuple, double[])} of the one-tree model {@link GradientTreeBoost#trim(int)}. A final
 * check scores a row both ways and refuses to compile when they differ by more than 1e-9.
 *
 * <p>Each internal node also stores the training-size-weighted mean output of the leaves below it,
 * which gives per-feature path contributions (Saabas): a leaf's output equals the root mean plus the
 * change in mean at each split on the path, credited to the split's feature.
 *
 * <p>Immutable and thread-safe; scoring allocates nothing beyond what the caller passes.
 */
public final class CompiledEnsemble {

  private static final int FORMAT = 1;

  private final int classes;
  private final int width;
  private final int treesPerClass;
  private final double shrinkage;
  private final double intercept;
  private final int[] roots;
  private final int[] feature;
  private final double[] threshold;
  private final int[] trueChild;
  private final int[] falseChild;
  private final double[] value;
  /** The bit-vector scorer over the same trees, or null when a tree has more than 64 leaves. */
  private final QuickScorer quick;

  private CompiledEnsemble(int classes, int width, int treesPerClass, double shrinkage, double intercept,
      int[] roots, int[] feature, double[] threshold, int[] trueChild, int[] falseChild, double[] value) {
    this.classes = classes;
    this.width = width;
    this.treesPerClass = treesPerClass;
    this.shrinkage = shrinkage;
    this.intercept = intercept;
    this.roots = roots;
    this.feature = feature;
    this.threshold = threshold;
    this.trueChild = trueChild;
    this.falseChild = falseChild;
    this.value = value;
    this.quick = QuickScorer.build(width, classes == 2 ? 1 : classes, shrinkage, roots, feature, threshold, trueChild, falseChild, value);
  }

  /**
   * Compiles a fitted model.
   *
   * @param model the Smile model, trained on {@code width} numeric columns
   * @param classes the number of labels it was trained on
   * @param width the number of features
   * @param shrinkage the learning rate it was trained with ({@link GbmOptions#shrinkage()})
   * @return the compiled ensemble
   * @throws ModelException when the model has a split this compiler does not know (e.g. nominal), or
   *     the compiled form does not score like Smile
   */
  public static CompiledEnsemble compile(GradientTreeBoost model, int classes, int width, double shrinkage) {
    if (width < 1 || classes < 2) {
      throw new ModelException("cannot compile a model of " + classes + " labels over " + width + " features");
    }
    RegressionTree[][] forest = model.trees();
    int rows = classes == 2 ? 1 : classes;
    if (forest.length != rows) {
      throw new ModelException("expected " + rows + " tree sequences for " + classes + " labels, found " + forest.length);
    }
    int perClass = forest[0].length;
    int total = 0;
    for (RegressionTree[] seq : forest) {
      if (seq.length != perClass) {
        throw new ModelException("uneven number of trees per class");
      }
      for (RegressionTree t : seq) {
        total += count(t.root());
      }
    }
    StructType schema = GbmTrainer.schema(width);
    Builder b = new Builder(total, schema, width);
    int[] roots = new int[rows * perClass];
    for (int c = 0; c < rows; c++) {
      for (int t = 0; t < perClass; t++) {
        roots[c * perClass + t] = b.add(forest[c][t].root());
      }
    }
    double[] probe = new double[width];
    double intercept = 0.0;
    if (classes == 2) {
      // f = b + shrinkage * leaf for the first tree alone; Smile reports p0 = 1 / (1 + exp(2f))
      double[] p = new double[2];
      model.trim(1).predict(GbmTrainer.tuple(schema, probe), p);
      CompiledEnsemble first = new CompiledEnsemble(2, width, 1, shrinkage, 0.0, new int[] {roots[0]}, b.feature,
          b.threshold, b.trueChild, b.falseChild, b.value);
      double[] s = new double[2];
      first.scores(probe, s);
      intercept = exactIntercept(model, schema, width, shrinkage, roots, b,
          0.5 * (Math.log(p[1]) - Math.log(p[0])) - s[1]);
    }
    CompiledEnsemble e = new CompiledEnsemble(classes, width, perClass, shrinkage, intercept, roots, b.feature,
        b.threshold, b.trueChild, b.falseChild, b.value);
    double[] ps = new double[classes];
    double[] pc = new double[classes];
    model.predict(GbmTrainer.tuple(schema, probe), ps);
    e.predict(probe, pc);
    for (int c = 0; c < classes; c++) {
      if (!(Math.abs(ps[c] - pc[c]) <= 1e-9)) {
        throw new ModelException("the compiled ensemble does not score like Smile (class " + c + ": " + pc[c]
            + " vs " + ps[c] + "); was the model trained with shrinkage " + shrinkage + "? This compiler supports Smile 4.4.x");
      }
    }
    return e;
  }

  /**
   * An ensemble from flat trees built by this package's own trainer ({@link HistGbmTrainer}), in
   * the layout {@link #read(DataInput)} checks: nodes in pre-order (children after their parent),
   * {@code feature < 0} marks a leaf, a split sends {@code x[feature] <= threshold} to
   * {@code trueChild} (NaN to {@code falseChild}); an internal node's {@code value} is the
   * size-weighted mean of the leaves below it (path contributions). Scored exactly like a compiled
   * Smile model of the same trees.
   *
   * @throws ModelException when the arrays are not a valid ensemble
   */
  static CompiledEnsemble of(int classes, int width, int perClass, double shrinkage, double intercept,
      int[] roots, int[] feature, double[] threshold, int[] trueChild, int[] falseChild, double[] value) {
    int n = feature.length;
    if (classes < 2 || width < 1 || perClass < 1 || roots.length != (classes == 2 ? 1 : classes) * perClass
        || threshold.length != n || trueChild.length != n || falseChild.length != n || value.length != n) {
      throw new ModelException("inconsistent ensemble sizes");
    }
    for (int i = 0; i < n; i++) {
      if (feature[i] >= width || (feature[i] >= 0 && (trueChild[i] <= i || trueChild[i] >= n
          || falseChild[i] <= i || falseChild[i] >= n))) {
        throw new ModelException("invalid ensemble node " + i);
      }
    }
    return new CompiledEnsemble(classes, width, perClass, shrinkage, intercept, roots, feature, threshold,
        trueChild, falseChild, value);
  }

  /**
   * Smile's two-label intercept {@code b} is not public and the estimate from one probability is off
   * by a few ulps. Smile computes {@code f = b + s*l0 + s*l1 + ...} left to right, so the compiled
   * model is exact only with Smile's very {@code b}: the nearest double to the estimate (within 4,096
   * ulps) whose probabilities equal Smile's bit for bit on 32 probe rows built from the split
   * thresholds. Falls back to the estimate when none does.
   */
  private static double exactIntercept(GradientTreeBoost model, StructType schema, int width, double shrinkage,
      int[] roots, Builder b, double estimate) {
    int probes = 32;
    int trees = roots.length;
    double[] splits = new double[b.next];
    int ns = 0;
    for (int i = 0; i < b.next; i++) {
      if (b.feature[i] >= 0 && Double.isFinite(b.threshold[i])) {
        splits[ns++] = b.threshold[i];
      }
    }
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    double[][] leaf = new double[probes][trees];
    double[] smileP0 = new double[probes];
    double[] p = new double[2];
    for (int k = 0; k < probes; k++) {
      double[] x = new double[width];
      for (int j = 0; k > 0 && j < width; j++) {
        x[j] = ns == 0 || r.nextInt(3) == 0 ? 0.0 : splits[r.nextInt(ns)] + (r.nextBoolean() ? 0.0 : 1e-9);
      }
      model.predict(GbmTrainer.tuple(schema, x), p);
      smileP0[k] = p[0];
      for (int t = 0; t < trees; t++) {
        int n = roots[t];
        int f;
        while ((f = b.feature[n]) >= 0) {
          n = x[f] <= b.threshold[n] ? b.trueChild[n] : b.falseChild[n];
        }
        leaf[k][t] = shrinkage * b.value[n];
      }
    }
    double up = estimate;
    double down = estimate;
    for (int step = 0; step <= 4096; step++) {
      if (matches(up, leaf, smileP0)) {
        return up;
      }
      if (matches(down, leaf, smileP0)) {
        return down;
      }
      up = Math.nextUp(up);
      down = Math.nextDown(down);
    }
    return estimate;
  }

  private static boolean matches(double intercept, double[][] leaf, double[] smileP0) {
    for (int k = 0; k < leaf.length; k++) {
      double f = intercept;
      for (double v : leaf[k]) {
        f += v;
      }
      if (1.0 / (1.0 + Math.exp(2.0 * f)) != smileP0[k]) {
        return false;
      }
    }
    return true;
  }

  private static int count(Node n) {
    if (n instanceof InternalNode in) {
      return 1 + count(in.trueChild()) + count(in.falseChild());
    }
    return 1;
  }

  private static final class Builder {
    final int[] feature;
    final double[] threshold;
    final int[] trueChild;
    final int[] falseChild;
    final double[] value;
    final double[] weight;
    final double[] row;
    final StructType schema;
    /** A tuple over {@link #row}, when Smile's tuples view the array (checked, not assumed). */
    final Tuple view;
    int next;

    Builder(int n, StructType schema, int width) {
      this.row = new double[width];
      this.schema = schema;
      Tuple t = GbmTrainer.tuple(schema, row);
      row[0] = 1.0;
      boolean views = t.getDouble(0) == 1.0;
      row[0] = 0.0;
      this.view = views && t.getDouble(0) == 0.0 ? t : null;
      feature = new int[n];
      threshold = new double[n];
      trueChild = new int[n];
      falseChild = new int[n];
      value = new double[n];
      weight = new double[n];
    }

    int add(Node node) {
      int id = next++;
      if (node instanceof OrdinalNode in) {
        feature[id] = in.feature();
        threshold[id] = threshold(in);
        int t = add(in.trueChild());
        int f = add(in.falseChild());
        trueChild[id] = t;
        falseChild[id] = f;
        weight[id] = weight[t] + weight[f];
        value[id] = weight[id] == 0 ? 0.5 * (value[t] + value[f])
            : (weight[t] * value[t] + weight[f] * value[f]) / weight[id];
      } else if (node instanceof RegressionNode leaf) {
        feature[id] = -1;
        value[id] = leaf.output();
        weight[id] = ((LeafNode) leaf).size();
      } else {
        throw new ModelException("cannot compile tree node " + node.getClass().getName()
            + ": only numeric (ordinal) splits and regression leaves are supported");
      }
      return id;
    }

    /**
     * The split value {@code v} of a numeric node, exactly: the largest double {@code d} for which
     * the public {@link InternalNode#branch(Tuple)} sends {@code x[f] = d} to the true child
     * ({@code x[f] <= v}), found by bisecting the doubles in their bit order.
     */
    private double threshold(OrdinalNode node) {
      int f = node.feature();
      if (f < 0 || f >= row.length) {
        throw new ModelException("tree split on feature " + f + " of a " + row.length + "-wide row");
      }
      if (branchAt(node, f, Double.POSITIVE_INFINITY)) {
        return Double.POSITIVE_INFINITY;
      }
      long lo = order(Double.NEGATIVE_INFINITY);
      long hi = order(Double.POSITIVE_INFINITY);
      if (!branchAt(node, f, Double.NEGATIVE_INFINITY)) {
        throw new ModelException("tree split sends every value of feature " + f + " the same way");
      }
      // the span of the doubles does not fit a signed long: subtract and halve as unsigned
      while (Long.compareUnsigned(hi - lo, 1) > 0) {
        long mid = lo + ((hi - lo) >>> 1);
        if (branchAt(node, f, unorder(mid))) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return unorder(lo);
    }

    private boolean branchAt(OrdinalNode node, int f, double v) {
      row[f] = v;
      boolean b = node.branch(view != null ? view : GbmTrainer.tuple(schema, row.clone()));
      row[f] = 0.0;
      return b;
    }
  }

  /** Maps a double to a long whose signed order is the double's numeric order (NaN excluded). */
  private static long order(double d) {
    long bits = Double.doubleToRawLongBits(d);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  private static double unorder(long k) {
    return Double.longBitsToDouble(k ^ ((k >> 63) & Long.MAX_VALUE));
  }

  /**
   * The number of labels.
   *
   * @return k
   */
  public int classes() {
    return classes;
  }

  /**
   * The number of features a row must have.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * The number of boosting rounds.
   *
   * @return trees per class
   */
  public int treesPerClass() {
    return treesPerClass;
  }

  /**
   * The total number of tree nodes.
   *
   * @return the node count
   */
  public int nodes() {
    return feature.length;
  }

  /**
   * Scores one row.
   *
   * @param x the features, {@link #width()} long
   * @param posteriori receives the probability of each class, {@link #classes()} long
   * @return the most likely class
   */
  public int predict(double[] x, double[] posteriori) {
    if (quick != null) {
      QuickScorer.Scratch live = quick.scratch();
      quick.exits(x, live);
      quick.sums(live, classes == 2 ? intercept : 0.0, posteriori);
      return finish(posteriori);
    }
    if (classes == 2) {
      double f = intercept;
      for (int t = 0; t < treesPerClass; t++) {
        f += shrinkage * value[leaf(roots[t], x)];
      }
      posteriori[0] = 1.0 / (1.0 + Math.exp(2.0 * f));
      posteriori[1] = 1.0 - posteriori[0];
      return f > 0 ? 1 : 0;
    }
    double max = Double.NEGATIVE_INFINITY;
    int best = -1;
    for (int c = 0; c < classes; c++) {
      double s = 0.0;
      int base = c * treesPerClass;
      for (int t = 0; t < treesPerClass; t++) {
        s += shrinkage * value[leaf(roots[base + t], x)];
      }
      posteriori[c] = s;
      if (s > max) {
        max = s;
        best = c;
      }
    }
    double sum = 0.0;
    for (int c = 0; c < classes; c++) {
      posteriori[c] = Math.exp(posteriori[c] - max);
      sum += posteriori[c];
    }
    for (int c = 0; c < classes; c++) {
      posteriori[c] /= sum;
    }
    return best;
  }

  /**
   * The raw class scores (margins) before the softmax, for calibration.
   *
   * @param x the features
   * @param scores receives one score per class; for two labels, {@code -f} and {@code f} scaled so
   *     that the softmax of the scores equals {@link #predict}'s probabilities
   */
  public void scores(double[] x, double[] scores) {
    if (quick != null) {
      QuickScorer.Scratch live = quick.scratch();
      quick.exits(x, live);
      quick.sums(live, classes == 2 ? intercept : 0.0, scores);
      if (classes == 2) {
        double f = scores[0];
        scores[0] = -f;
        scores[1] = f;
      }
      return;
    }
    if (classes == 2) {
      double f = intercept;
      for (int t = 0; t < treesPerClass; t++) {
        f += shrinkage * value[leaf(roots[t], x)];
      }
      scores[0] = -f;
      scores[1] = f;
      return;
    }
    for (int c = 0; c < classes; c++) {
      double s = 0.0;
      int base = c * treesPerClass;
      for (int t = 0; t < treesPerClass; t++) {
        s += shrinkage * value[leaf(roots[base + t], x)];
      }
      scores[c] = s;
    }
  }

  /**
   * Scores many rows without allocating per row: the probabilities of row {@code i} go to
   * {@code posteriori[i * classes() .. (i + 1) * classes())} and its most likely class to
   * {@code best[i]}. Gives exactly what {@link #predict(double[], double[])} gives row by row.
   *
   * @param rows the feature rows, each {@link #width()} long
   * @param best receives the most likely class of each row, at least {@code rows.length} long
   * @param posteriori receives the probabilities, at least {@code rows.length * classes()} long
   */
  public void predictAll(double[][] rows, int[] best, double[] posteriori) {
    if (best.length < rows.length || posteriori.length < (long) rows.length * classes) {
      throw new IllegalArgumentException("output arrays too short for " + rows.length + " rows");
    }
    double[] p = new double[classes];
    QuickScorer.Scratch live = quick != null ? quick.newScratch() : null;
    for (int i = 0; i < rows.length; i++) {
      double[] x = rows[i];
      if (x.length != width) {
        throw new IllegalArgumentException("row " + i + " has " + x.length + " features, expected " + width);
      }
      if (live != null) {
        quick.exits(x, live);
        quick.sums(live, classes == 2 ? intercept : 0.0, p);
        best[i] = finish(p);
      } else {
        best[i] = predict(x, p);
      }
      System.arraycopy(p, 0, posteriori, i * classes, classes);
    }
  }

  /**
   * Turns summed leaf outputs into Smile's probabilities, in Smile's order of operations.
   *
   * @param p the per-class sums (for two labels, {@code f} in {@code p[0]}); receives the probabilities
   * @return the most likely class
   */
  private int finish(double[] p) {
    if (classes == 2) {
      double f = p[0];
      p[0] = 1.0 / (1.0 + Math.exp(2.0 * f));
      p[1] = 1.0 - p[0];
      return f > 0 ? 1 : 0;
    }
    double max = Double.NEGATIVE_INFINITY;
    int best = -1;
    for (int c = 0; c < classes; c++) {
      if (p[c] > max) {
        max = p[c];
        best = c;
      }
    }
    double sum = 0.0;
    for (int c = 0; c < classes; c++) {
      p[c] = Math.exp(p[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < classes; c++) {
      p[c] /= sum;
    }
    return best;
  }

  /**
   * Whether rows are scored with the bit-vector scorer (every tree has at most 64 leaves) rather
   * than by walking the trees.
   *
   * @return true when the fast path is in use
   */
  public boolean bitVectorScoring() {
    return quick != null;
  }

  private int leaf(int node, double[] x) {
    int n = node;
    int f;
    while ((f = feature[n]) >= 0) {
      n = x[f] <= threshold[n] ? trueChild[n] : falseChild[n];
    }
    return n;
  }

  /**
   * How much each feature moved the score of one class for this row (path contributions).
   *
   * @param x the features
   * @param cls the class
   * @return one contribution per feature; they sum to the class score minus its expected value
   */
  public double[] contributions(double[] x, int cls) {
    double[] out = new double[width];
    int seq = classes == 2 ? 0 : cls;
    double sign = classes == 2 && cls == 0 ? -1.0 : 1.0;
    for (int t = 0; t < treesPerClass; t++) {
      int n = roots[seq * treesPerClass + t];
      int f;
      while ((f = feature[n]) >= 0) {
        int child = x[f] <= threshold[n] ? trueChild[n] : falseChild[n];
        out[f] += sign * shrinkage * (value[child] - value[n]);
        n = child;
      }
    }
    return out;
  }

  /**
   * Writes the ensemble.
   *
   * @param out the stream
   * @throws IOException when writing fails
   */
  public void write(DataOutput out) throws IOException {
    out.writeInt(FORMAT);
    out.writeInt(classes);
    out.writeInt(width);
    out.writeInt(treesPerClass);
    out.writeDouble(shrinkage);
    out.writeDouble(intercept);
    writeInts(out, roots);
    writeInts(out, feature);
    writeDoubles(out, threshold);
    writeInts(out, trueChild);
    writeInts(out, falseChild);
    writeDoubles(out, value);
  }

  /**
   * Reads an ensemble written by {@link #write(DataOutput)}.
   *
   * @param in the stream
   * @return the ensemble
   * @throws IOException when reading fails
   * @throws ModelException when the data are not a valid ensemble
   */
  public static CompiledEnsemble read(DataInput in) throws IOException {
    int format = in.readInt();
    if (format != FORMAT) {
      throw new ModelException("compiled ensemble format " + format + " is not supported (expected " + FORMAT + ")");
    }
    int classes = in.readInt();
    int width = in.readInt();
    int perClass = in.readInt();
    double shrinkage = in.readDouble();
    double intercept = in.readDouble();
    int[] roots = readInts(in);
    int[] feature = readInts(in);
    double[] threshold = readDoubles(in);
    int[] t = readInts(in);
    int[] f = readInts(in);
    double[] value = readDoubles(in);
    int n = feature.length;
    if (classes < 2 || width < 0 || perClass < 1 || roots.length != (classes == 2 ? 1 : classes) * perClass
        || threshold.length != n || t.length != n || f.length != n || value.length != n) {
      throw new ModelException("compiled ensemble is corrupt (inconsistent sizes)");
    }
    for (int i = 0; i < n; i++) {
      if (feature[i] >= width || (feature[i] >= 0 && (t[i] <= i || t[i] >= n || f[i] <= i || f[i] >= n))) {
        throw new ModelException("compiled ensemble is corrupt at node " + i);
      }
    }
    for (int r : roots) {
      if (r < 0 || r >= n) {
        throw new ModelException("compiled ensemble is corrupt: root " + r);
      }
    }
    return new CompiledEnsemble(classes, width, perClass, shrinkage, intercept, roots, feature, threshold, t, f, value);
  }

  private static void writeInts(DataOutput out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) {
      out.writeInt(v);
    }
  }

  private static void writeDoubles(DataOutput out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double v : a) {
      out.writeDouble(v);
    }
  }

  private static int[] readInts(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 50_000_000) {
      throw new ModelException("compiled ensemble is corrupt: array length " + n);
    }
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readInt();
    }
    return a;
  }

  private static double[] readDoubles(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 50_000_000) {
      throw new ModelException("compiled ensemble is corrupt: array length " + n);
    }
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }

  @Override
  public String toString() {
    return "CompiledEnsemble[" + classes + " classes, " + treesPerClass + " rounds, " + nodes() + " nodes]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompiledEnsemble e && classes == e.classes && width == e.width
        && treesPerClass == e.treesPerClass && shrinkage == e.shrinkage && intercept == e.intercept
        && Arrays.equals(roots, e.roots) && Arrays.equals(feature, e.feature)
        && Arrays.equals(threshold, e.threshold) && Arrays.equals(trueChild, e.trueChild)
        && Arrays.equals(falseChild, e.falseChild) && Arrays.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(roots) * 31 + Arrays.hashCode(value);
  }
}
