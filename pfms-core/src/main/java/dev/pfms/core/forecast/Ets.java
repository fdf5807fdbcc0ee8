package dev.pfms.core.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Exponential smoothing state-space models (Hyndman, Koehler, Ord and Snyder, 2008): fitting by
 * maximum likelihood and selection by AICc. Pure math on {@code double[]}; stateless and
 * thread-safe.
 *
 * <p>The family covered: additive errors with no, additive or damped trend and no or additive
 * season ({@code ETS(A,N,N)} simple smoothing, {@code ETS(A,A,N)} Holt, {@code ETS(A,Ad,N)} damped
 * Holt, {@code ETS(A,*,A)} additive Holt-Winters), and multiplicative errors with multiplicative
 * season ({@code ETS(M,*,M)} multiplicative Holt-Winters, only for strictly positive series).
 * Smoothing parameters and the initial level and trend are estimated by Nelder-Mead on the
 * concentrated likelihood inside the usual region ({@code 0<β<α<1}, {@code 0<γ<1-α},
 * {@code 0.8≤φ≤0.98}); initial seasonal indices come from the first two seasons and are counted as
 * estimated parameters in the AICc. A model needs {@code n ≥ k + 2} points for its {@code k}
 * parameters (including σ), and seasonal models need two full seasons.
 */
public final class Ets {

  private Ets() {}

  /** The error component. */
  public enum Error {
    /** Additive errors. */
    ADDITIVE("A"),
    /** Multiplicative (relative) errors. */
    MULTIPLICATIVE("M");

    private final String code;

    Error(String code) {
      this.code = code;
    }
  }

  /** The trend component. */
  public enum Trend {
    /** No trend. */
    NONE("N"),
    /** Linear trend. */
    ADDITIVE("A"),
    /** Damped linear trend. */
    DAMPED("Ad");

    private final String code;

    Trend(String code) {
      this.code = code;
    }
  }

  /** The seasonal component. */
  public enum Season {
    /** No season. */
    NONE("N"),
    /** Additive season. */
    ADDITIVE("A"),
    /** Multiplicative season. */
    MULTIPLICATIVE("M");

    private final String code;

    Season(String code) {
      this.code = code;
    }
  }

  /**
   * A model form.
   *
   * @param error the error type
   * @param trend the trend type
   * @param season the season type
   */
  public record Spec(Error error, Trend trend, Season season) {

    /** Validates the combination. */
    public Spec {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(trend, "trend");
      Objects.requireNonNull(season, "season");
      if (error == Error.ADDITIVE && season == Season.MULTIPLICATIVE) {
        throw new IllegalArgumentException("additive errors with multiplicative season are numerically unstable");
      }
      if (error == Error.MULTIPLICATIVE && season != Season.MULTIPLICATIVE) {
        throw new IllegalArgumentException("multiplicative errors are supported with multiplicative season only");
      }
    }

    /**
     * The conventional name, e.g. {@code ETS(A,Ad,N)}.
     *
     * @return the name
     */
    public String label() {
      return "ETS(" + error.code + "," + trend.code + "," + season.code + ")";
    }

    /**
     * The number of estimated parameters including σ: smoothing parameters, the initial states
     * ({@code m - 1} free seasonal indices) and the error variance.
     *
     * @param m the season length
     * @return the count
     */
    public int parameterCount(int m) {
      int k = 1 + 1 + 1; // alpha, l0, sigma
      if (trend != Trend.NONE) {
        k += 2; // beta, b0
      }
      if (trend == Trend.DAMPED) {
        k += 1;
      }
      if (season != Season.NONE) {
        k += 1 + (m - 1);
      }
      return k;
    }

    boolean seasonal() {
      return season != Season.NONE;
    }
  }

  /**
   * The models eligible for a series: enough points for their parameters, two full seasons for
   * seasonal ones ({@code m > 1}), strictly positive values for multiplicative ones.
   *
   * @param y the series
   * @param m the season length (1 for none)
   * @return the eligible forms, possibly empty
   */
  public static List<Spec> candidates(double[] y, int m) {
    boolean positive = true;
    for (double v : y) {
      if (!(v > 0)) {
        positive = false;
        break;
      }
    }
    List<Spec> out = new ArrayList<>();
    for (Trend t : Trend.values()) {
      out.add(new Spec(Error.ADDITIVE, t, Season.NONE));
    }
    if (m > 1 && y.length >= 2 * m) {
      for (Trend t : Trend.values()) {
        out.add(new Spec(Error.ADDITIVE, t, Season.ADDITIVE));
      }
      if (positive) {
        for (Trend t : Trend.values()) {
          out.add(new Spec(Error.MULTIPLICATIVE, t, Season.MULTIPLICATIVE));
        }
      }
    }
    out.removeIf(s -> y.length < s.parameterCount(m) + 2);
    return out;
  }

  /**
   * Fits every eligible model and returns the one with the lowest AICc.
   *
   * @param y the series
   * @param m the season length (1 for none)
   * @return the chosen model
   * @throws IllegalArgumentException when no model is eligible (too short a series)
   */
  public static EtsModel select(double[] y, int m) {
    List<Spec> specs = candidates(y, m);
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a series of " + y.length + " points is too short for any ETS model");
    }
    EtsModel best = null;
    for (Spec s : specs) {
      EtsModel fit = fit(y, m, s);
      if (fit != null && (best == null || fit.aicc() < best.aicc())) {
        best = fit;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no ETS model could be fitted to this series");
    }
    return best;
  }

  /**
   * Fits one model form by maximum likelihood.
   *
   * @param y the series
   * @param m the season length (1 for none)
   * @param spec the form
   * @return the fitted model, or {@code null} when the form cannot be fitted to this series
   */
  public static EtsModel fit(double[] y, int m, Spec spec) {
    int n = y.length;
    int mm = spec.seasonal() ? m : 1;
    if (n < spec.parameterCount(mm) + 2 || (spec.seasonal() && n < 2 * m)) {
      return null;
    }
    boolean mult = spec.season() == Season.MULTIPLICATIVE;
    double[] s0 = initialSeason(y, mm, spec.season());
    double[] deseason = new double[Math.min(n, Math.max(10, spec.seasonal() ? 2 * m : 10))];
    for (int t = 0; t < deseason.length; t++) {
      double s = spec.seasonal() ? s0[t % mm] : (mult ? 1 : 0);
      deseason[t] = mult ? y[t] / s : y[t] - s;
    }
    double[] line = regress(deseason, spec.trend() == Trend.NONE ? 0 : deseason.length);
    double l0 = line[0];
    double b0 = line[1];
    double scale = scale(y);

    boolean trend = spec.trend() != Trend.NONE;
    boolean damped = spec.trend() == Trend.DAMPED;
    int np = 1 + (trend ? 1 : 0) + (spec.seasonal() ? 1 : 0) + (damped ? 1 : 0) + 1 + (trend ? 1 : 0);
    double[] x0 = new double[np];
    double[] step = new double[np];
    int i = 0;
    x0[i] = logit(0.2);
    step[i++] = 1;
    if (trend) {
      x0[i] = logit(0.1);
      step[i++] = 1;
    }
    if (spec.seasonal()) {
      x0[i] = logit(0.1);
      step[i++] = 1;
    }
    if (damped) {
      x0[i] = logit((0.95 - 0.8) / 0.18);
      step[i++] = 1;
    }
    x0[i] = l0 / scale;
    step[i++] = 0.1;
    if (trend) {
      x0[i] = b0 / scale;
      step[i] = 0.01;
    }
    final double sc = scale;
    double[] best = NelderMead.minimize(
        p -> objective(y, mm, spec, p, s0, sc), x0, step, 120 * np, 1e-7);
    double[] par = decode(spec, best, sc);
    Run r = run(y, mm, spec, par[0], par[1], par[2], par[3], par[4], par[5], s0, true);
    if (!Double.isFinite(r.objective)) {
      return null;
    }
    int k = spec.parameterCount(mm);
    double loglik2 = n * Math.log(2 * Math.PI * r.sse / n) + n + 2 * r.sumLogMu;
    double aic = loglik2 + 2 * k;
    double aicc = aic + 2.0 * k * (k + 1) / (n - k - 1);
    int dof = Math.max(1, n - k);
    double sigma2 = r.sse / dof;
    return new EtsModel(spec, mm, par[0], par[1], par[2], par[3], r.level, r.trend, r.season, n, aicc,
        sigma2, r.fitted);
  }

  /** Decodes optimiser coordinates into {alpha, beta, gamma, phi, l0, b0}. */
  private static double[] decode(Spec spec, double[] p, double scale) {
    int i = 0;
    double alpha = clamp(sigmoid(p[i++]), 1e-4, 0.9999);
    double beta = 0;
    double gamma = 0;
    double phi = 1;
    if (spec.trend() != Trend.NONE) {
      beta = alpha * clamp(sigmoid(p[i++]), 1e-4, 0.9999);
    }
    if (spec.seasonal()) {
      gamma = (1 - alpha) * clamp(sigmoid(p[i++]), 1e-4, 0.9999);
    }
    if (spec.trend() == Trend.DAMPED) {
      phi = 0.8 + 0.18 * sigmoid(p[i++]);
    }
    double l0 = p[i++] * scale;
    double b0 = spec.trend() != Trend.NONE ? p[i] * scale : 0;
    return new double[] {alpha, beta, gamma, phi, l0, b0};
  }

  private static double objective(double[] y, int m, Spec spec, double[] p, double[] s0, double scale) {
    double[] par = decode(spec, p, scale);
    return run(y, m, spec, par[0], par[1], par[2], par[3], par[4], par[5], s0, false).objective;
  }

  /** The outcome of running the recursions over a series. */
  private static final class Run {
    double objective;
    double sse;
    double sumLogMu;
    double level;
    double trend;
    double[] season;
    double[] fitted;
  }

  private static Run run(double[] y, int m, Spec spec, double alpha, double beta, double gamma, double phi,
      double l0, double b0, double[] s0, boolean keep) {
    int n = y.length;
    boolean multErr = spec.error() == Error.MULTIPLICATIVE;
    boolean multSeason = spec.season() == Season.MULTIPLICATIVE;
    boolean addSeason = spec.season() == Season.ADDITIVE;
    double ph = spec.trend() == Trend.DAMPED ? phi : 1;
    boolean trend = spec.trend() != Trend.NONE;
    double[] s = s0.clone();
    double l = l0;
    double b = trend ? b0 : 0;
    double sse = 0;
    double sumLog = 0;
    double[] fitted = keep ? new double[n] : null;
    Run r = new Run();
    for (int t = 0; t < n; t++) {
      double bt = ph * b;
      double lb = l + bt;
      int si = t % m;
      double sv = s[si];
      double mu = multSeason ? lb * sv : (addSeason ? lb + sv : lb);
      if (keep) {
        fitted[t] = mu;
      }
      if (multErr) {
        if (!(mu > 0) || !(lb > 0)) {
          r.objective = Double.POSITIVE_INFINITY;
          return r;
        }
        double e = (y[t] - mu) / mu;
        sse += e * e;
        sumLog += Math.log(mu);
        l = lb * (1 + alpha * e);
        b = bt + beta * lb * e;
        s[si] = sv * (1 + gamma * e);
      } else {
        double e = y[t] - mu;
        sse += e * e;
        l = lb + alpha * e;
        b = bt + beta * e;
        if (addSeason) {
          s[si] = sv + gamma * e;
        }
      }
    }
    double floor = n * 1e-18 * (multErr ? 1 : Math.max(1, l0 * l0));
    sse = Math.max(sse, floor);
    r.sse = sse;
    r.sumLogMu = sumLog;
    r.objective = Double.isFinite(sse) ? n * Math.log(sse) + 2 * sumLog : Double.POSITIVE_INFINITY;
    r.level = l;
    r.trend = b;
    r.season = s;
    r.fitted = fitted;
    return r;
  }

  /** Initial seasonal indices from the first two seasons (sum 0 for additive, mean 1 for multiplicative). */
  private static double[] initialSeason(double[] y, int m, Season season) {
    double[] s = new double[m];
    if (season == Season.NONE) {
      java.util.Arrays.fill(s, 0);
      return s;
    }
    boolean mult = season == Season.MULTIPLICATIVE;
    int cycles = Math.min(2, y.length / m);
    for (int c = 0; c < cycles; c++) {
      double mean = 0;
      for (int j = 0; j < m; j++) {
        mean += y[c * m + j];
      }
      mean /= m;
      for (int j = 0; j < m; j++) {
        s[j] += (mult ? y[c * m + j] / mean : y[c * m + j] - mean) / cycles;
      }
    }
    double avg = 0;
    for (double v : s) {
      avg += v / m;
    }
    for (int j = 0; j < m; j++) {
      s[j] = mult ? s[j] / avg : s[j] - avg;
    }
    return s;
  }

  /** Least-squares line through the first {@code len} points: {intercept at t=-1... i.e. l0, slope}. */
  private static double[] regress(double[] y, int len) {
    if (len < 2) {
      double mean = 0;
      int k = Math.min(y.length, 5);
      for (int i = 0; i < k; i++) {
        mean += y[i] / k;
      }
      return new double[] {mean, 0};
    }
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int t = 0; t < len; t++) {
      double x = t + 1;
      sx += x;
      sy += y[t];
      sxx += x * x;
      sxy += x * y[t];
    }
    double slope = (len * sxy - sx * sy) / (len * sxx - sx * sx);
    double intercept = (sy - slope * sx) / len;
    return new double[] {intercept, slope};
  }

  private static double scale(double[] y) {
    double s = 0;
    for (double v : y) {
      s += Math.abs(v);
    }
    s /= y.length;
    return s > 0 ? s : 1;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Simulates future paths of a multiplicative-error model for its intervals. */
  static double[][] simulate(EtsModel model, int horizon, int paths, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double sigma = Math.sqrt(model.sigma2());
    int m = model.seasonLength();
    double ph = model.spec().trend() == Trend.DAMPED ? model.phi() : 1;
    double[][] out = new double[horizon][paths];
    for (int p = 0; p < paths; p++) {
      double l = model.level();
      double b = model.trend();
      double[] s = model.season();
      for (int h = 0; h < horizon; h++) {
        int si = (model.observations() + h) % m;
        double bt = ph * b;
        double lb = l + bt;
        double sv = s[si];
        double mu = lb * sv;
        double e = sigma * rnd.nextGaussian();
        out[h][p] = mu * (1 + e);
        l = lb * (1 + model.alpha() * e);
        b = bt + model.beta() * lb * e;
        s[si] = sv * (1 + model.gamma() * e);
      }
    }
    return out;
  }
}
