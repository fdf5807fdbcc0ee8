package dev.pfms.ml.categorize;

/**
 * Confidence calibration helpers: temperature scaling and the expected calibration error.
 *
 * <p>Temperature scaling divides every class score by one number {@code T} before the softmax; it
 * never changes which class wins, only how confident the model says it is. {@code T} is fitted by
 * minimizing the negative log-likelihood on held-out rows; {@code tfidf-gbm} applies it only when it
 * also lowers the held-out expected calibration error. Stateless and thread-safe.
 */
public final class Calibration {

  private Calibration() {}

  /**
   * The softmax of scores divided by a temperature, written into {@code out}.
   *
   * @param scores the class scores
   * @param temperature {@code T > 0}
   * @param out receives the probabilities (may be {@code scores} itself)
   */
  public static void softmax(double[] scores, double temperature, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < scores.length; c++) {
      out[c] = Math.exp((scores[c] - max) / temperature);
      sum += out[c];
    }
    for (int c = 0; c < scores.length; c++) {
      out[c] /= sum;
    }
  }

  /**
   * The temperature that minimizes the negative log-likelihood of the true labels (golden-section
   * search over log T in [ln 0.02, ln 50]).
   *
   * @param scores one score vector per held-out row
   * @param labels the true label of each row
   * @return the temperature
   */
  public static double fitTemperature(double[][] scores, int[] labels) {
    double lo = Math.log(0.02);
    double hi = Math.log(50);
    double g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = nll(scores, labels, Math.exp(a));
    double fb = nll(scores, labels, Math.exp(b));
    for (int i = 0; i < 60; i++) {
      if (fa <= fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - g * (hi - lo);
        fa = nll(scores, labels, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + g * (hi - lo);
        fb = nll(scores, labels, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  /**
   * The mean negative log-likelihood of the true labels at a temperature.
   *
   * @param scores the score vectors
   * @param labels the true labels
   * @param temperature the temperature
   * @return the mean NLL
   */
  public static double nll(double[][] scores, int[] labels, double temperature) {
    double total = 0;
    double[] p = new double[scores.length == 0 ? 0 : scores[0].length];
    for (int i = 0; i < scores.length; i++) {
      softmax(scores[i], temperature, p);
      total -= Math.log(Math.max(p[labels[i]], 1e-300));
    }
    return scores.length == 0 ? 0 : total / scores.length;
  }

  /**
   * The expected calibration error: rows binned by confidence into ten equal-width bins, the mean
   * over bins of |accuracy - mean confidence|, weighted by bin size.
   *
   * @param confidence the confidence of each prediction
   * @param correct whether each prediction was right
   * @return the ECE in [0, 1]
   */
  public static double expectedCalibrationError(double[] confidence, boolean[] correct) {
    int bins = 10;
    double[] conf = new double[bins];
    double[] acc = new double[bins];
    int[] n = new int[bins];
    for (int i = 0; i < confidence.length; i++) {
      int b = Math.min(bins - 1, (int) (confidence[i] * bins));
      conf[b] += confidence[i];
      acc[b] += correct[i] ? 1 : 0;
      n[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (n[b] > 0) {
        ece += (double) n[b] / confidence.length * Math.abs(acc[b] / n[b] - conf[b] / n[b]);
      }
    }
    return ece;
  }
}
