package dev.pfms.ml.anomaly;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

/**
 * A fitted Smile {@link IsolationForest} flattened into primitive arrays, scoring the same values
 * as {@link IsolationForest#score(double[])} (bit for bit: same traversal, same summation order)
 * about ten times faster, without allocating.
 *
 * <p>Smile 4.4 exposes the trees ({@link IsolationForest#trees()}) but not their nodes, so the
 * nodes are read once, at compile time, by reflection on {@code IsolationTree.root} and
 * {@code IsolationTree$Node}'s fields. That works on the class path (and wherever
 * {@code smile.anomaly} is open to this module); where it does not, {@link #compile} throws and the
 * caller keeps scoring through Smile. Each split stores only the non-zero coefficients of its
 * hyperplane, in index order, so an axis-parallel forest (extension level 0) costs one
 * multiplication per node. Immutable and thread-safe.
 */
public final class CompiledForest {

  private final int trees;
  private final int[] roots;
  private final int[] left;
  private final int[] right;
  private final double[] bias;
  private final double[] leafDepth;
  private final int[] coefStart;
  private final int[] coefIndex;
  private final double[] coefValue;
  private final double c;
  private final int dimensions;

  private CompiledForest(int trees, int[] roots, int[] left, int[] right, double[] bias, double[] leafDepth,
      int[] coefStart, int[] coefIndex, double[] coefValue, double c, int dimensions) {
    this.trees = trees;
    this.roots = roots;
    this.left = left;
    this.right = right;
    this.bias = bias;
    this.leafDepth = leafDepth;
    this.coefStart = coefStart;
    this.coefIndex = coefIndex;
    this.coefValue = coefValue;
    this.c = c;
    this.dimensions = dimensions;
  }

  /**
   * Flattens a fitted forest.
   *
   * @param forest the Smile forest
   * @param dimensions the feature count the forest was fitted on
   * @return the compiled forest
   * @throws IllegalStateException when Smile's tree structure cannot be read (e.g. on the module
   *     path without an {@code opens}), naming the reason
   */
  public static CompiledForest compile(IsolationForest forest, int dimensions) {
    try {
      Field rootField = IsolationTree.class.getDeclaredField("root");
      rootField.setAccessible(true);
      Field cField = IsolationForest.class.getDeclaredField("c");
      cField.setAccessible(true);
      Class<?> nodeClass = Class.forName("smile.anomaly.IsolationTree$Node");
      Field depth = accessible(nodeClass, "depth");
      Field slope = accessible(nodeClass, "slope");
      Field b = accessible(nodeClass, "bias");
      Field l = accessible(nodeClass, "left");
      Field r = accessible(nodeClass, "right");
      Builder out = new Builder();
      IsolationTree[] ts = forest.trees();
      int[] roots = new int[ts.length];
      for (int i = 0; i < ts.length; i++) {
        roots[i] = out.add(rootField.get(ts[i]), depth, slope, b, l, r);
      }
      return new CompiledForest(ts.length, roots, out.left.stream().mapToInt(Integer::intValue).toArray(),
          out.right.stream().mapToInt(Integer::intValue).toArray(),
          out.bias.stream().mapToDouble(Double::doubleValue).toArray(),
          out.leaf.stream().mapToDouble(Double::doubleValue).toArray(),
          out.coefStart.stream().mapToInt(Integer::intValue).toArray(),
          out.coefIndex.stream().mapToInt(Integer::intValue).toArray(),
          out.coefValue.stream().mapToDouble(Double::doubleValue).toArray(), cField.getDouble(forest), dimensions);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read Smile's isolation trees (" + e + "); scoring through Smile", e);
    }
  }

  private static Field accessible(Class<?> c, String name) throws NoSuchFieldException {
    Field f = c.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  /** Growable node arrays, filled depth-first. */
  private static final class Builder {
    final List<Integer> left = new ArrayList<>();
    final List<Integer> right = new ArrayList<>();
    final List<Double> bias = new ArrayList<>();
    final List<Double> leaf = new ArrayList<>();
    final List<Integer> coefStart = new ArrayList<>(List.of(0));
    final List<Integer> coefIndex = new ArrayList<>();
    final List<Double> coefValue = new ArrayList<>();

    int add(Object node, Field depth, Field slope, Field b, Field l, Field r) throws IllegalAccessException {
      int id = left.size();
      left.add(-1);
      right.add(-1);
      bias.add(0.0);
      leaf.add(depth.getDouble(node));
      Object ln = l.get(node);
      Object rn = r.get(node);
      if (ln == null && rn == null) {
        coefStart.add(coefIndex.size());
        return id;
      }
      double[] s = (double[]) slope.get(node);
      for (int k = 0; k < s.length; k++) {
        if (s[k] != 0) {
          coefIndex.add(k);
          coefValue.add(s[k]);
        }
      }
      coefStart.add(coefIndex.size());
      bias.set(id, b.getDouble(node));
      left.set(id, add(ln, depth, slope, b, l, r));
      right.set(id, add(rn, depth, slope, b, l, r));
      return id;
    }
  }

  /**
   * The anomaly score of one row, equal to Smile's {@code IsolationForest.score(x)}: {@code
   * 2^(-mean path length / c(n))}, in (0, 1), higher is more anomalous.
   *
   * @param x the features (finite values)
   * @return the score
   */
  public double score(double[] x) {
    if (x.length != dimensions) {
      throw new IllegalArgumentException("expected " + dimensions + " features, got " + x.length);
    }
    double sum = 0;
    for (int t = 0; t < trees; t++) {
      int n = roots[t];
      while (left[n] >= 0) {
        double dot = 0;
        for (int k = coefStart[n], end = coefStart[n + 1]; k < end; k++) {
          dot += x[coefIndex[k]] * coefValue[k];
        }
        n = dot < bias[n] ? left[n] : right[n];
      }
      sum += leafDepth[n];
    }
    double mean = sum / trees;
    return Math.pow(2.0, -mean / c);
  }

  /**
   * Scores many rows.
   *
   * @param x the rows
   * @return one score per row
   */
  public double[] score(double[][] x) {
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = score(x[i]);
    }
    return s;
  }

  /**
   * The number of nodes over all trees.
   *
   * @return the node count
   */
  public int nodes() {
    return left.length;
  }
}
