package dev.pfms.ml.stack;

import java.util.Arrays;

/**
 * A conditional-logit (softmax over a transaction's candidates) linear scorer of candidate feature
 * rows: the small-data alternative to the boosted stage 2. With a few labelled examples per label
 * there are too few positive pairs for trees; one weight per feature, fitted with an L2 penalty on
 * standardized features, is what such data can support. Immutable.
 */
final class CandidateLogit {

  private static final int ITERATIONS = 300;
  private static final double RATE = 0.5;

  final double[] mean;
  final double[] scale;
  final double[] weight;

  CandidateLogit(double[] mean, double[] scale, double[] weight) {
    if (mean.length != scale.length || mean.length != weight.length) {
      throw new IllegalArgumentException("logit arrays differ in length");
    }
    this.mean = mean;
    this.scale = scale;
    this.weight = weight;
  }

  /**
   * Fits the weights.
   *
   * @param groups per transaction, its candidates' feature rows
   * @param truth per transaction, the index of the right candidate (transactions with -1 are skipped)
   * @param width the number of features
   * @param l2 the penalty on the squared weights (per transaction)
   * @return the scorer
   */
  static CandidateLogit fit(double[][][] groups, int[] truth, int width, double l2) {
    double[] mean = new double[width];
    double[] sq = new double[width];
    int n = 0;
    for (int i = 0; i < groups.length; i++) {
      if (truth[i] < 0) {
        continue;
      }
      for (double[] x : groups[i]) {
        for (int j = 0; j < width; j++) {
          mean[j] += x[j];
          sq[j] += x[j] * x[j];
        }
        n++;
      }
    }
    double[] scale = new double[width];
    for (int j = 0; j < width; j++) {
      mean[j] = n == 0 ? 0 : mean[j] / n;
      double var = n == 0 ? 0 : sq[j] / n - mean[j] * mean[j];
      scale[j] = var > 1e-12 ? 1 / Math.sqrt(var) : 0;
    }
    double[] w = new double[width];
    double[] grad = new double[width];
    double[] m1 = new double[width];
    double[] m2 = new double[width];
    int rows = 0;
    for (int t : truth) {
      rows += t >= 0 ? 1 : 0;
    }
    if (rows == 0) {
      return new CandidateLogit(mean, scale, w);
    }
    CandidateLogit cur = new CandidateLogit(mean, scale, w);
    // the standardized rows do not change between iterations: computed once (the same values as per pass)
    double[][][] zs = new double[groups.length][][];
    int widest = 0;
    for (int i = 0; i < groups.length; i++) {
      if (truth[i] < 0) {
        continue;
      }
      zs[i] = new double[groups[i].length][width];
      for (int c = 0; c < groups[i].length; c++) {
        cur.standardize(groups[i][c], zs[i][c]);
      }
      widest = Math.max(widest, groups[i].length);
    }
    double[] s = new double[widest];
    for (int it = 1; it <= ITERATIONS; it++) {
      Arrays.fill(grad, 0);
      for (int i = 0; i < groups.length; i++) {
        if (truth[i] < 0) {
          continue;
        }
        double[][] g = groups[i];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < g.length; c++) {
          s[c] = cur.margin(g[c]);
          max = Math.max(max, s[c]);
        }
        double sum = 0;
        for (int c = 0; c < g.length; c++) {
          s[c] = Math.exp(s[c] - max);
          sum += s[c];
        }
        double[][] zi = zs[i];
        for (int c = 0; c < g.length; c++) {
          double d = s[c] / sum - (c == truth[i] ? 1 : 0);
          double[] z = zi[c];
          for (int j = 0; j < width; j++) {
            grad[j] += d * z[j];
          }
        }
      }
      // Adam on the mean loss plus the penalty
      for (int j = 0; j < width; j++) {
        double gj = grad[j] / rows + l2 * w[j];
        m1[j] = 0.9 * m1[j] + 0.1 * gj;
        m2[j] = 0.999 * m2[j] + 0.001 * gj * gj;
        double mh = m1[j] / (1 - Math.pow(0.9, it));
        double vh = m2[j] / (1 - Math.pow(0.999, it));
        w[j] -= RATE * 0.1 * mh / (Math.sqrt(vh) + 1e-8);
      }
    }
    return new CandidateLogit(mean, scale, w);
  }

  private void standardize(double[] x, double[] z) {
    for (int j = 0; j < z.length; j++) {
      z[j] = (x[j] - mean[j]) * scale[j];
    }
  }

  /**
   * The candidate's score (a logit relative to the other candidates of its transaction).
   *
   * @param x the candidate's features
   * @return the score
   */
  double margin(double[] x) {
    double s = 0;
    for (int j = 0; j < weight.length; j++) {
      s += weight[j] * (x[j] - mean[j]) * scale[j];
    }
    return s;
  }

  /**
   * Per-feature contribution to the score.
   *
   * @param x the candidate's features
   * @return weight × standardized value, per feature
   */
  double[] contributions(double[] x) {
    double[] out = new double[weight.length];
    for (int j = 0; j < weight.length; j++) {
      out[j] = weight[j] * (x[j] - mean[j]) * scale[j];
    }
    return out;
  }
}
