package dev.pfms.core.anomaly;

import java.util.Arrays;

/**
 * Median and scaled median absolute deviation of a sample, with a floor on the scale so that a
 * perfectly regular history (a fixed subscription) does not make every small change infinite.
 */
record RobustStats(int count, double median, double scale) {

  /** MAD to standard deviation for normal data. */
  static final double MAD_TO_SD = 1.4826;

  static RobustStats of(double[] values, int n, double minScale) {
    if (n == 0) {
      return new RobustStats(0, 0, minScale);
    }
    double[] v = Arrays.copyOf(values, n);
    Arrays.sort(v);
    double med = median(v);
    double[] dev = new double[n];
    for (int i = 0; i < n; i++) {
      dev[i] = Math.abs(v[i] - med);
    }
    Arrays.sort(dev);
    double mad = median(dev) * MAD_TO_SD;
    return new RobustStats(n, med, Math.max(mad, minScale));
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  double z(double x) {
    return (x - median) / scale;
  }
}
