package dev.pfms.core.forecast;

import java.util.function.ToDoubleFunction;

/** A compact Nelder-Mead simplex minimiser for a handful of unconstrained parameters. */
final class NelderMead {

  private NelderMead() {}

  /**
   * Minimises {@code f} from {@code x0} with initial steps {@code step}.
   *
   * @return the best point found (its value is in the last slot of the returned array)
   */
  static double[] minimize(ToDoubleFunction<double[]> f, double[] x0, double[] step, int maxEvals, double tol) {
    int d = x0.length;
    double[][] p = new double[d + 1][];
    double[] fv = new double[d + 1];
    p[0] = x0.clone();
    fv[0] = f.applyAsDouble(p[0]);
    for (int i = 0; i < d; i++) {
      p[i + 1] = x0.clone();
      p[i + 1][i] += step[i];
      fv[i + 1] = f.applyAsDouble(p[i + 1]);
    }
    int evals = d + 1;
    double[] c = new double[d];
    double[] xr = new double[d];
    double[] xe = new double[d];
    double[] xc = new double[d];
    while (evals < maxEvals) {
      // order: best at 0, worst at d
      for (int i = 1; i <= d; i++) {
        double[] pi = p[i];
        double fi = fv[i];
        int j = i - 1;
        while (j >= 0 && fv[j] > fi) {
          p[j + 1] = p[j];
          fv[j + 1] = fv[j];
          j--;
        }
        p[j + 1] = pi;
        fv[j + 1] = fi;
      }
      if (Math.abs(fv[d] - fv[0]) <= tol * (Math.abs(fv[0]) + tol)) {
        break;
      }
      java.util.Arrays.fill(c, 0);
      for (int i = 0; i < d; i++) {
        for (int k = 0; k < d; k++) {
          c[k] += p[i][k] / d;
        }
      }
      for (int k = 0; k < d; k++) {
        xr[k] = c[k] + (c[k] - p[d][k]);
      }
      double fr = f.applyAsDouble(xr);
      evals++;
      if (fr < fv[0]) {
        for (int k = 0; k < d; k++) {
          xe[k] = c[k] + 2 * (c[k] - p[d][k]);
        }
        double fe = f.applyAsDouble(xe);
        evals++;
        if (fe < fr) {
          p[d] = xe.clone();
          fv[d] = fe;
        } else {
          p[d] = xr.clone();
          fv[d] = fr;
        }
      } else if (fr < fv[d - 1]) {
        p[d] = xr.clone();
        fv[d] = fr;
      } else {
        boolean outside = fr < fv[d];
        for (int k = 0; k < d; k++) {
          xc[k] = outside ? c[k] + 0.5 * (xr[k] - c[k]) : c[k] + 0.5 * (p[d][k] - c[k]);
        }
        double fc = f.applyAsDouble(xc);
        evals++;
        if (fc < (outside ? fr : fv[d])) {
          p[d] = xc.clone();
          fv[d] = fc;
        } else {
          for (int i = 1; i <= d; i++) {
            for (int k = 0; k < d; k++) {
              p[i][k] = p[0][k] + 0.5 * (p[i][k] - p[0][k]);
            }
            fv[i] = f.applyAsDouble(p[i]);
          }
          evals += d;
        }
      }
    }
    int best = 0;
    for (int i = 1; i <= d; i++) {
      if (fv[i] < fv[best]) {
        best = i;
      }
    }
    double[] out = java.util.Arrays.copyOf(p[best], d + 1);
    out[d] = fv[best];
    return out;
  }
}
