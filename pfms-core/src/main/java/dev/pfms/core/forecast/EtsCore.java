package dev.pfms.core.forecast;

import java.util.Arrays;

/**
 * The numerical core of {@link Ets}: the state recursions, the likelihood forecast::ets optimises,
 * the admissible parameter region, the starting values and a small least-squares solver. Pure
 * functions on arrays; package-private.
 *
 * <p>Seasonal states are kept by <em>position</em>: {@code s[j]} is the index used at every time
 * {@code t} (0-based) with {@code t mod m == j}. forecast::ets keeps the same values as a shifting
 * vector whose last element is the one used next; {@link #toReferenceOrder} converts.
 */
final class EtsCore {

  private EtsCore() {}

  /** forecast::ets's default lower bound of α, β, γ ({@code lower = c(rep(0.0001, 3), 0.8)}). */
  static final double LOWER = 1e-4;
  /** forecast::ets's default upper bound of α, β, γ. */
  static final double UPPER = 0.9999;
  /** Damping bounds (forecast's defaults). */
  static final double PHI_LOWER = 0.8;
  /** Damping bounds (forecast's defaults). */
  static final double PHI_UPPER = 0.98;
  private static final double TOL = 1e-10;
  private static final double HUGEN = 1e10;

  /** The outcome of one pass of the recursions over a series. */
  static final class Trace {
    double sse;
    double sumLogF;
    /** forecast::ets's criterion {@code n·log(SSE) [+ 2·Σ log|ŷ|]}, +∞ when undefined. */
    double lik;
    double level;
    double trend;
    double[] season;
    double[] fitted;
    double[] residuals;
  }

  /**
   * Runs the recursions of forecast::ets (its {@code etscalc}/{@code update}) from the given
   * initial states and returns the likelihood criterion; fills {@code out} when not null.
   */
  static double run(double[] y, int m, Ets.Spec spec, double alpha, double beta, double gamma, double phi,
      double l0, double b0, double[] s0, Trace out) {
    int n = y.length;
    boolean trend = spec.trend() != Ets.Trend.NONE;
    double ph = spec.trend() == Ets.Trend.DAMPED ? phi : 1;
    Ets.Season season = spec.season();
    boolean multErr = spec.error() == Ets.Error.MULTIPLICATIVE;
    double[] s = season == Ets.Season.NONE ? null : s0.clone();
    double l = l0;
    double b = trend ? b0 : 0;
    double sse = 0;
    double sumLog = 0;
    double[] fitted = out == null ? null : new double[n];
    double[] resid = out == null ? null : new double[n];
    for (int t = 0; t < n; t++) {
      double phib = trend ? ph * b : 0;
      double q = l + phib;
      int j = s == null ? 0 : t % m;
      double sv = s == null ? 0 : s[j];
      double f = switch (season) {
        case NONE -> q;
        case ADDITIVE -> q + sv;
        case MULTIPLICATIVE -> q * sv;
      };
      double yt = y[t];
      double e = multErr ? (yt - f) / f : yt - f;
      sse += e * e;
      sumLog += Math.log(Math.abs(f));
      if (out != null) {
        fitted[t] = f;
        resid[t] = e;
      }
      double p = switch (season) {
        case NONE -> yt;
        case ADDITIVE -> yt - sv;
        case MULTIPLICATIVE -> Math.abs(sv) < TOL ? HUGEN : yt / sv;
      };
      double nl = q + alpha * (p - q);
      if (trend) {
        b = phib + (beta / alpha) * (nl - l - phib);
      }
      if (s != null) {
        double tt = season == Ets.Season.ADDITIVE ? yt - q : (Math.abs(q) < TOL ? HUGEN : yt / q);
        s[j] = sv + gamma * (tt - sv);
      }
      l = nl;
    }
    double lik = n * Math.log(sse) + (multErr ? 2 * sumLog : 0);
    if (lik < -1e10) {
      lik = -1e10; // forecast::ets: "avoid perfect fits"
    }
    if (Double.isNaN(lik)) {
      lik = Double.POSITIVE_INFINITY;
    }
    if (out != null) {
      out.sse = sse;
      out.sumLogF = sumLog;
      out.lik = lik;
      out.level = l;
      out.trend = b;
      out.season = s == null ? new double[0] : s;
      out.fitted = fitted;
      out.residuals = resid;
    }
    return lik;
  }

  /**
   * The one-step fits of a model whose recursions are linear (no multiplicative season), for
   * initial states {@code x0} = (level, [trend], season positions) and the data {@code y}, or the
   * homogeneous response to {@code x0} alone when {@code y} is null.
   */
  static void linearFits(double[] y, int n, int m, Ets.Spec spec, double alpha, double beta, double gamma,
      double phi, double[] x0, double[] f) {
    boolean trend = spec.trend() != Ets.Trend.NONE;
    double ph = spec.trend() == Ets.Trend.DAMPED ? phi : 1;
    boolean seasonal = spec.season() != Ets.Season.NONE;
    int off = trend ? 2 : 1;
    double l = x0[0];
    double b = trend ? x0[1] : 0;
    double[] s = seasonal ? Arrays.copyOfRange(x0, off, off + m) : null;
    double ba = beta / alpha;
    for (int t = 0; t < n; t++) {
      double phib = trend ? ph * b : 0;
      double q = l + phib;
      int j = seasonal ? t % m : 0;
      double sv = seasonal ? s[j] : 0;
      double ft = q + sv;
      f[t] = ft;
      double yt = y == null ? 0 : y[t];
      double nl = q + alpha * (yt - sv - q);
      if (trend) {
        b = phib + ba * (nl - l - phib);
      }
      if (seasonal) {
        s[j] = sv + gamma * (yt - q - sv);
      }
      l = nl;
    }
  }

  /**
   * forecast::ets's admissibility test ({@code bounds = "both"} takes it together with the usual
   * bounds): the model's discount matrix must have its eigenvalues inside the unit circle.
   */
  static boolean admissible(double alpha, double beta, double gamma, double phi, int m, boolean trend,
      boolean seasonal) {
    if (phi < 0 || phi > 1 + 1e-8) {
      return false;
    }
    if (!seasonal) {
      if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) {
        return false;
      }
      return !trend || !(beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha));
    }
    if (m <= 1) {
      return true;
    }
    double bt = trend ? beta : 0;
    double d = Math.max(1 - 1 / phi - alpha, 0);
    if (gamma < d || gamma > 1 + 1 / phi - alpha) {
      return false;
    }
    if (alpha < 1 - 1 / phi - gamma * (1 - m + phi + phi * m) / (2 * phi * m)) {
      return false;
    }
    if (bt < -(1 - phi) * (gamma / m + alpha)) {
      return false;
    }
    // the characteristic polynomial, highest power first (as forecast passes it to cpolyroot)
    double[] c = new double[m + 2];
    c[0] = 1;
    c[1] = alpha + bt - phi;
    for (int i = 0; i < m - 2; i++) {
      c[2 + i] = alpha + bt - alpha * phi;
    }
    c[m] = alpha + bt - alpha * phi + gamma - 1;
    c[m + 1] = phi * (1 - alpha - gamma);
    return rootsWithin(c, 1 + 1e-10);
  }

  /**
   * Whether every root of the polynomial (coefficients from the highest power) has modulus at most
   * {@code radius}: the Schur-Cohn test on the polynomial rescaled to the unit circle.
   */
  static boolean rootsWithin(double[] highFirst, double radius) {
    int d = highFirst.length - 1;
    // a[i] = coefficient of z^i of p(radius * z)
    double[] a = new double[d + 1];
    double r = 1;
    for (int i = 0; i <= d; i++) {
      a[i] = highFirst[d - i] * r;
      r *= radius;
    }
    while (d > 0 && a[d] == 0) {
      d--;
    }
    for (int deg = d; deg > 0; deg--) {
      double lead = a[deg];
      double c0 = a[0];
      if (!(Math.abs(c0) < Math.abs(lead))) {
        return false;
      }
      double[] next = new double[deg];
      // p1(z) = (lead * p(z) - c0 * p*(z)) / z, with p*(z) = z^deg p(1/z)
      for (int i = 1; i <= deg; i++) {
        next[i - 1] = lead * a[i] - c0 * a[deg - i];
      }
      a = next;
      // normalise to keep the numbers in range
      double mx = 0;
      for (double v : a) {
        mx = Math.max(mx, Math.abs(v));
      }
      if (!(mx > 0) || !Double.isFinite(mx)) {
        return false;
      }
      for (int i = 0; i < a.length; i++) {
        a[i] /= mx;
      }
    }
    return true;
  }

  /**
   * forecast::ets's starting states ({@code initstate}): level, trend and the season positions,
   * from a classical decomposition (three seasons or more) or a trend plus one Fourier pair (fewer),
   * then a regression line through the first {@code max(10, 2m)} seasonally adjusted points.
   *
   * @return (level, [trend], season positions 0..m-1)
   */
  static double[] initialStates(double[] y, int m, Ets.Spec spec) {
    int n = y.length;
    boolean trend = spec.trend() != Ets.Trend.NONE;
    Ets.Season season = spec.season();
    double[] ysa = y;
    double[] seas = null;
    int mm = 1;
    if (season != Ets.Season.NONE) {
      mm = m;
      boolean mult = season == Ets.Season.MULTIPLICATIVE;
      double[] sd = n < 3 * m ? fourierSeasonal(y, m, mult) : decompose(y, m, mult);
      // forecast keeps rev(sd[2:m]) and derives sd[1]; positions: s[j] = sd[j], s[0] derived
      seas = new double[m];
      for (int j = 1; j < m; j++) {
        seas[j] = sd[j];
      }
      ysa = new double[n];
      if (mult) {
        double sum = 0;
        for (int j = 1; j < m; j++) {
          seas[j] = Math.max(seas[j], 1e-2);
          sum += seas[j];
        }
        if (sum > m) {
          double denom = sum + 1e-2 * (m - 1);
          for (int j = 1; j < m; j++) {
            seas[j] /= denom;
          }
        }
        for (int t = 0; t < n; t++) {
          ysa[t] = y[t] / Math.max(sd[t], 1e-2);
        }
      } else {
        for (int t = 0; t < n; t++) {
          ysa[t] = y[t] - sd[t];
        }
      }
      double rest = 0;
      for (int j = 1; j < m; j++) {
        rest += seas[j];
      }
      seas[0] = (mult ? m : 0) - rest;
    }
    int maxn = Math.min(Math.max(10, 2 * mm), n);
    double l0;
    double b0 = 0;
    if (!trend) {
      double s = 0;
      for (int t = 0; t < maxn; t++) {
        s += ysa[t];
      }
      l0 = s / maxn;
    } else {
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      for (int t = 0; t < maxn; t++) {
        double x = t + 1;
        sx += x;
        sy += ysa[t];
        sxx += x * x;
        sxy += x * ysa[t];
      }
      double den = maxn * sxx - sx * sx;
      b0 = den == 0 ? 0 : (maxn * sxy - sx * sy) / den;
      l0 = (sy - b0 * sx) / maxn;
      if (Math.abs(l0 + b0) < 1e-8) {
        l0 *= 1 + 1e-3;
        b0 *= 1 - 1e-3;
      }
    }
    int off = trend ? 2 : 1;
    double[] x = new double[off + (seas == null ? 0 : m)];
    x[0] = l0;
    if (trend) {
      x[1] = b0;
    }
    if (seas != null) {
      System.arraycopy(seas, 0, x, off, m);
    }
    return x;
  }

  /** R's {@code decompose(y)$seasonal}: centred moving average, then the mean figure per position. */
  static double[] decompose(double[] y, int m, boolean mult) {
    int n = y.length;
    double[] w;
    if (m % 2 == 0) {
      w = new double[m + 1];
      Arrays.fill(w, 1.0 / m);
      w[0] = 0.5 / m;
      w[m] = 0.5 / m;
    } else {
      w = new double[m];
      Arrays.fill(w, 1.0 / m);
    }
    int half = w.length / 2;
    double[] fig = new double[m];
    int[] cnt = new int[m];
    for (int t = half; t < n - (w.length - 1 - half); t++) {
      double tr = 0;
      for (int k = 0; k < w.length; k++) {
        tr += w[k] * y[t - half + k];
      }
      double d = mult ? y[t] / tr : y[t] - tr;
      if (Double.isFinite(d)) {
        fig[t % m] += d;
        cnt[t % m]++;
      }
    }
    double mean = 0;
    for (int j = 0; j < m; j++) {
      fig[j] = cnt[j] == 0 ? (mult ? 1 : 0) : fig[j] / cnt[j];
      mean += fig[j] / m;
    }
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      out[t] = mult ? fig[t % m] / mean : fig[t % m] - mean;
    }
    return out;
  }

  /**
   * forecast's start for short seasonal series: regress on a line and one Fourier pair; the
   * "seasonal" part is the series less (or divided by) the fitted line.
   */
  static double[] fourierSeasonal(double[] y, int m, boolean mult) {
    int n = y.length;
    int p = m == 2 ? 3 : 4;
    double[][] x = new double[p][n];
    for (int t = 0; t < n; t++) {
      double tt = t + 1;
      x[0][t] = 1;
      x[1][t] = tt;
      if (m == 2) {
        x[2][t] = Math.cos(Math.PI * tt);
      } else {
        x[2][t] = Math.sin(2 * Math.PI * tt / m);
        x[3][t] = Math.cos(2 * Math.PI * tt / m);
      }
    }
    double[] coef = leastSquares(x, y, n, null);
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      double line = coef[0] + coef[1] * (t + 1);
      out[t] = mult ? y[t] / line : y[t] - line;
    }
    return out;
  }

  /**
   * Weighted least squares {@code argmin Σ w_t (r_t - Σ_j X[j][t] z_j)²} by the normal equations
   * with a tiny ridge.
   */
  static double[] leastSquares(double[][] x, double[] r, int n, double[] weights) {
    int p = x.length;
    double[][] a = new double[p][p];
    double[] rhs = new double[p];
    for (int i = 0; i < p; i++) {
      double[] xi = x[i];
      for (int j = 0; j <= i; j++) {
        double[] xj = x[j];
        double s = 0;
        if (weights == null) {
          for (int t = 0; t < n; t++) {
            s += xi[t] * xj[t];
          }
        } else {
          for (int t = 0; t < n; t++) {
            s += weights[t] * xi[t] * xj[t];
          }
        }
        a[i][j] = s;
        a[j][i] = s;
      }
      double s = 0;
      if (weights == null) {
        for (int t = 0; t < n; t++) {
          s += xi[t] * r[t];
        }
      } else {
        for (int t = 0; t < n; t++) {
          s += weights[t] * xi[t] * r[t];
        }
      }
      rhs[i] = s;
    }
    return solveSpd(a, rhs);
  }

  /** Solves a symmetric positive semi-definite system by Cholesky with a relative ridge. */
  static double[] solveSpd(double[][] a, double[] b) {
    int p = b.length;
    double tr = 0;
    for (int i = 0; i < p; i++) {
      tr += Math.abs(a[i][i]);
    }
    double ridge = 1e-11 * (tr / Math.max(1, p) + 1e-300);
    double[][] lo = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j] + (i == j ? ridge : 0);
        for (int k = 0; k < j; k++) {
          s -= lo[i][k] * lo[j][k];
        }
        if (i == j) {
          lo[i][i] = Math.sqrt(Math.max(s, ridge));
        } else {
          lo[i][j] = s / lo[j][j];
        }
      }
    }
    double[] z = new double[p];
    for (int i = 0; i < p; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= lo[i][k] * z[k];
      }
      z[i] = s / lo[i][i];
    }
    for (int i = p - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < p; k++) {
        s -= lo[k][i] * z[k];
      }
      z[i] = s / lo[i][i];
    }
    return z;
  }

  /**
   * Converts season positions to forecast::ets's order of the initial seasonal states
   * ({@code s1 … sm}, the first being the most recent).
   */
  static double[] toReferenceOrder(double[] positions) {
    int m = positions.length;
    double[] r = new double[m];
    for (int k = 0; k < m; k++) {
      r[k] = positions[m - 1 - k];
    }
    return r;
  }
}
