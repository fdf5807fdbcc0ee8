package dev.pfms.ml.embed;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Multinomial logistic regression (a linear softmax layer) over dense features, trained full-batch
 * with Adam and L2 regularization on weighted examples. Small enough to train in well under a
 * second on a few thousand de-duplicated rows, and strong with few examples per label because the
 * sentence embedding already separates meanings linearly.
 *
 * <p>Immutable after {@link #fit}; {@link #probabilities} is thread-safe.
 */
final class SoftmaxHead {

  private final int classes;
  private final int dim;
  private final double[] w; // classes x dim, row-major
  private final double[] b;

  private SoftmaxHead(int classes, int dim, double[] w, double[] b) {
    this.classes = classes;
    this.dim = dim;
    this.w = w;
    this.b = b;
  }

  /**
   * Fits the head.
   *
   * @param x the features, one row per example
   * @param y the class of each row, in [0, classes)
   * @param weight the weight of each row (e.g. how often a de-duplicated row occurred)
   * @param classes the number of classes
   * @param iterations full-batch Adam steps
   * @param l2 the L2 penalty on weights, per unit of total weight
   * @return the trained head
   */
  static SoftmaxHead fit(double[][] x, int[] y, double[] weight, int classes, int iterations, double l2) {
    int n = x.length;
    int d = x[0].length;
    double[] w = new double[classes * d];
    double[] b = new double[classes];
    double[] mw = new double[w.length];
    double[] vw = new double[w.length];
    double[] mb = new double[classes];
    double[] vb = new double[classes];
    double[] gw = new double[w.length];
    double[] gb = new double[classes];
    double[] p = new double[classes];
    double total = 0;
    for (double v : weight) {
      total += v;
    }
    double lr = 0.05;
    double beta1 = 0.9;
    double beta2 = 0.999;
    for (int it = 1; it <= iterations; it++) {
      java.util.Arrays.fill(gw, 0);
      java.util.Arrays.fill(gb, 0);
      for (int i = 0; i < n; i++) {
        logits(w, b, x[i], classes, d, p);
        softmaxInPlace(p);
        double wi = weight[i] / total;
        p[y[i]] -= 1;
        double[] xi = x[i];
        for (int c = 0; c < classes; c++) {
          double g = p[c] * wi;
          if (g == 0) {
            continue;
          }
          gb[c] += g;
          int off = c * d;
          for (int k = 0; k < d; k++) {
            gw[off + k] += g * xi[k];
          }
        }
      }
      double c1 = 1 - Math.pow(beta1, it);
      double c2 = 1 - Math.pow(beta2, it);
      for (int j = 0; j < w.length; j++) {
        double g = gw[j] + l2 * w[j];
        mw[j] = beta1 * mw[j] + (1 - beta1) * g;
        vw[j] = beta2 * vw[j] + (1 - beta2) * g * g;
        w[j] -= lr * (mw[j] / c1) / (Math.sqrt(vw[j] / c2) + 1e-8);
      }
      for (int c = 0; c < classes; c++) {
        double g = gb[c];
        mb[c] = beta1 * mb[c] + (1 - beta1) * g;
        vb[c] = beta2 * vb[c] + (1 - beta2) * g * g;
        b[c] -= lr * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8);
      }
    }
    return new SoftmaxHead(classes, d, w, b);
  }

  /**
   * Class probabilities of one feature row.
   *
   * @param x the features
   * @return probabilities summing to 1
   */
  double[] probabilities(double[] x) {
    double[] p = new double[classes];
    logits(w, b, x, classes, dim, p);
    softmaxInPlace(p);
    return p;
  }

  int classes() {
    return classes;
  }

  int dim() {
    return dim;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(classes);
    out.writeInt(dim);
    for (double v : w) {
      out.writeDouble(v);
    }
    for (double v : b) {
      out.writeDouble(v);
    }
  }

  static SoftmaxHead read(DataInputStream in) throws IOException {
    int classes = in.readInt();
    int dim = in.readInt();
    if (classes < 2 || classes > 100_000 || dim < 1 || dim > 100_000 || (long) classes * dim > 50_000_000L) {
      throw new dev.pfms.api.ModelException("softmax head is corrupt: " + classes + " classes x " + dim + " dimensions");
    }
    double[] w = new double[classes * dim];
    double[] b = new double[classes];
    for (int i = 0; i < w.length; i++) {
      w[i] = in.readDouble();
    }
    for (int i = 0; i < classes; i++) {
      b[i] = in.readDouble();
    }
    return new SoftmaxHead(classes, dim, w, b);
  }

  private static void logits(double[] w, double[] b, double[] x, int classes, int d, double[] out) {
    for (int c = 0; c < classes; c++) {
      double s = b[c];
      int off = c * d;
      for (int k = 0; k < d; k++) {
        s += w[off + k] * x[k];
      }
      out[c] = s;
    }
  }

  static void softmaxInPlace(double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : p) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(p[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
  }
}
