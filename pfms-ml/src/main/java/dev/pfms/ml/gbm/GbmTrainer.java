package dev.pfms.ml.gbm;

import dev.pfms.api.ModelException;
import java.util.Arrays;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;
import smile.math.MathEx;

/**
 * Fits Smile's {@link GradientTreeBoost} on a dense matrix with integer labels {@code 0..k-1}.
 *
 * <p>Every label in {@code 0..k-1} must occur, so that Smile's class indices equal ours. Stateless
 * and thread-safe; Smile's random generator is thread-local and seeded per call.
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
    DataFrame df = DataFrame.of(x, names(x[0].length)).add(new IntVector(LABEL, y));
    GradientTreeBoost.Options o = new GradientTreeBoost.Options(options.trees(), options.maxDepth(),
        options.maxNodes(), options.nodeSize(), options.shrinkage(), options.subsample(), null, null);
    MathEx.setSeed(options.seed());
    return GradientTreeBoost.fit(Formula.lhs(LABEL), df, o);
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
