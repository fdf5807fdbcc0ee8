package dev.pfms.core.forecast;

import java.util.Arrays;

/**
 * A fitted exponential smoothing model: its form, estimated parameters, final states and fit
 * statistics, and the point forecasts and prediction intervals that follow. Immutable and
 * thread-safe.
 */
public final class EtsModel {

  private static final int SIMULATED_PATHS = 2000;
  /** The fewest in-sample errors per step ahead for empirical intervals. */
  static final int MIN_EMPIRICAL_ERRORS = 20;

  private final Ets.Spec spec;
  private final int seasonLength;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double phi;
  private final double initialLevel;
  private final double initialTrend;
  private final double[] initialSeason;
  private final double level;
  private final double trend;
  private final double[] season;
  private final double[] y;
  private final double loglik;
  private final double aic;
  private final double aicc;
  private final double bic;
  private final double sigma2;
  private final int parameters;
  private final double[] fitted;
  private final double[] residuals;

  EtsModel(Ets.Spec spec, int seasonLength, double alpha, double beta, double gamma, double phi, double l0,
      double b0, double[] s0, double[] y, EtsCore.Trace trace, double loglik, double aic, double aicc, double bic,
      double sigma2, int parameters) {
    this.spec = spec;
    this.seasonLength = seasonLength;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.phi = phi;
    this.initialLevel = l0;
    this.initialTrend = b0;
    this.initialSeason = s0.clone();
    this.level = trace.level;
    this.trend = trace.trend;
    this.season = trace.season.clone();
    this.y = y.clone();
    this.loglik = loglik;
    this.aic = aic;
    this.aicc = aicc;
    this.bic = bic;
    this.sigma2 = sigma2;
    this.parameters = parameters;
    this.fitted = trace.fitted.clone();
    this.residuals = trace.residuals.clone();
  }

  /**
   * The model form.
   *
   * @return the form
   */
  public Ets.Spec spec() {
    return spec;
  }

  /**
   * The season length the model uses (1 when not seasonal).
   *
   * @return the length
   */
  public int seasonLength() {
    return seasonLength;
  }

  /**
   * The level smoothing parameter.
   *
   * @return α
   */
  public double alpha() {
    return alpha;
  }

  /**
   * The trend smoothing parameter (0 without trend).
   *
   * @return β
   */
  public double beta() {
    return beta;
  }

  /**
   * The seasonal smoothing parameter (0 without season).
   *
   * @return γ
   */
  public double gamma() {
    return gamma;
  }

  /**
   * The damping parameter (1 without damping).
   *
   * @return φ
   */
  public double phi() {
    return phi;
  }

  /**
   * The estimated initial level {@code l₀}.
   *
   * @return the level before the first observation
   */
  public double initialLevel() {
    return initialLevel;
  }

  /**
   * The estimated initial trend {@code b₀} (0 without trend).
   *
   * @return the trend before the first observation
   */
  public double initialTrend() {
    return initialTrend;
  }

  /**
   * The estimated initial seasonal states by period position: element {@code j} is the index used
   * at every time {@code t} (0-based) with {@code t mod m == j}. They sum to 0 (additive) or to
   * {@code m} (multiplicative). Empty without season.
   *
   * @return a copy
   */
  public double[] initialSeason() {
    return initialSeason.clone();
  }

  /**
   * The initial states in forecast::ets's order ({@code l, b, s1 … sm}, where {@code s1} is the
   * most recent seasonal state), as R's {@code fit$initstate}.
   *
   * @return a copy
   */
  public double[] initialStates() {
    double[] r = EtsCore.toReferenceOrder(initialSeason);
    int off = spec.trend() == Ets.Trend.NONE ? 1 : 2;
    double[] out = new double[off + r.length];
    out[0] = initialLevel;
    if (off == 2) {
      out[1] = initialTrend;
    }
    System.arraycopy(r, 0, out, off, r.length);
    return out;
  }

  /**
   * The log-likelihood as forecast::ets reports it: {@code -0.5·(n·log Σe² [+ 2·Σ log|ŷ|])},
   * without the Gaussian constants.
   *
   * @return the log-likelihood
   */
  public double loglik() {
    return loglik;
  }

  /**
   * The Akaike information criterion {@code -2·loglik + 2k}.
   *
   * @return the AIC
   */
  public double aic() {
    return aic;
  }

  /**
   * The Bayesian information criterion {@code -2·loglik + k·log n}.
   *
   * @return the BIC
   */
  public double bic() {
    return bic;
  }

  /**
   * The number of estimated parameters {@code k} the criteria count: the smoothing parameters,
   * the initial level and trend, {@code m − 1} initial seasonal states, and σ.
   *
   * @return k
   */
  public int parameterCount() {
    return parameters;
  }

  /**
   * The one-step residuals (relative, {@code (y − ŷ)/ŷ}, for multiplicative errors).
   *
   * @return a copy
   */
  public double[] residuals() {
    return residuals.clone();
  }

  /**
   * The final level.
   *
   * @return the level after the last observation
   */
  public double level() {
    return level;
  }

  /**
   * The final trend (0 without trend).
   *
   * @return the trend after the last observation
   */
  public double trend() {
    return trend;
  }

  /**
   * The final seasonal states, indexed by period position modulo the season length.
   *
   * @return a copy
   */
  public double[] season() {
    return season.clone();
  }

  /**
   * How many observations the model was fitted on.
   *
   * @return n
   */
  public int observations() {
    return y.length;
  }

  /**
   * The corrected Akaike information criterion the model was chosen by.
   *
   * @return the AICc
   */
  public double aicc() {
    return aicc;
  }

  /**
   * The residual variance {@code Σe²/(n − k + 1)} as forecast::ets computes it (additive errors: in
   * the series' units squared; multiplicative: relative).
   *
   * @return σ²
   */
  public double sigma2() {
    return sigma2;
  }

  /**
   * The one-step-ahead fitted values over the history.
   *
   * @return a copy
   */
  public double[] fitted() {
    return fitted.clone();
  }

  /**
   * Point forecasts.
   *
   * @param horizon periods ahead, at least 1
   * @return one value per period
   */
  public double[] forecast(int horizon) {
    double[] f = new double[horizon];
    double damp = 0;
    double ph = spec.trend() == Ets.Trend.DAMPED ? phi : 1;
    double pk = 1;
    for (int h = 1; h <= horizon; h++) {
      pk *= ph;
      damp += pk;
      double lb = level + (spec.trend() == Ets.Trend.NONE ? 0 : damp * trend);
      double sv = season.length == 0 ? 0 : season[(y.length + h - 1) % seasonLength];
      f[h - 1] = switch (spec.season()) {
        case NONE -> lb;
        case ADDITIVE -> lb + sv;
        case MULTIPLICATIVE -> lb * sv;
      };
    }
    return f;
  }

  /**
   * Prediction intervals: analytic for additive-error models (Hyndman et al. 2008, class 1), by
   * simulating 2,000 sample paths with a fixed seed for multiplicative ones.
   *
   * @param horizon periods ahead, at least 1
   * @param level nominal coverage in (0, 1)
   * @return {@code [h][0]} lower and {@code [h][1]} upper bounds, each containing the point forecast
   */
  public double[][] intervals(int horizon, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0,1): " + level);
    }
    double[] mean = forecast(horizon);
    double[][] out = new double[horizon][2];
    if (spec.error() == Ets.Error.MULTIPLICATIVE) {
      double[][] paths = Ets.simulate(this, horizon, SIMULATED_PATHS, 42L + y.length);
      double lo = (1 - level) / 2;
      for (int h = 0; h < horizon; h++) {
        double[] p = paths[h];
        Arrays.sort(p);
        out[h][0] = Math.min(mean[h], quantile(p, lo));
        out[h][1] = Math.max(mean[h], quantile(p, 1 - lo));
      }
      return out;
    }
    double z = Stats.normalQuantile((1 + level) / 2);
    double ph = spec.trend() == Ets.Trend.DAMPED ? phi : 1;
    double sum = 0;
    double damp = 0;
    double pk = 1;
    for (int h = 1; h <= horizon; h++) {
      if (h > 1) {
        int j = h - 1;
        pk *= ph;
        damp += pk;
        double c = alpha;
        if (spec.trend() == Ets.Trend.ADDITIVE) {
          c += beta * j;
        } else if (spec.trend() == Ets.Trend.DAMPED) {
          c += beta * damp;
        }
        if (spec.season() == Ets.Season.ADDITIVE && j % seasonLength == 0) {
          c += gamma;
        }
        sum += c * c;
      }
      double sd = Math.sqrt(sigma2 * (1 + sum));
      out[h - 1][0] = mean[h - 1] - z * sd;
      out[h - 1][1] = mean[h - 1] + z * sd;
    }
    return out;
  }

  /**
   * Prediction intervals from the model's own in-sample multi-step errors: from every origin in the
   * history the fitted model (parameters fixed) forecasts {@code h} steps, and the interval for
   * step {@code h} is the point forecast plus the empirical {@code (1 − level)/2} and
   * {@code (1 + level)/2} quantiles of those {@code h}-step errors (relative errors, multiplied by
   * the point forecast, for multiplicative errors). Suited to skewed, spiky series whose errors
   * are far from normal.
   *
   * @param horizon periods ahead, at least 1
   * @param level nominal coverage in (0, 1)
   * @return {@code [h][0]} lower and {@code [h][1]} upper bounds, or {@code null} when the history
   *     gives fewer than {@value #MIN_EMPIRICAL_ERRORS} errors at the longest step
   */
  public double[][] empiricalIntervals(int horizon, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0,1): " + level);
    }
    double[][] errors = multiStepErrors(horizon);
    if (errors == null) {
      return null;
    }
    double[] mean = forecast(horizon);
    double lo = (1 - level) / 2;
    boolean mult = spec.error() == Ets.Error.MULTIPLICATIVE;
    double[][] out = new double[horizon][2];
    for (int h = 0; h < horizon; h++) {
      double[] e = errors[h];
      Arrays.sort(e);
      // the finite-sample (split-conformal) order statistics: ceil((N+1)p) from each end
      int nn = e.length;
      int k = (int) Math.ceil((nn + 1) * (1 - lo));
      double qu = e[Math.min(nn, k) - 1];
      double ql = e[Math.max(1, nn + 1 - k) - 1];
      out[h][0] = Math.min(mean[h], mult ? mean[h] * (1 + ql) : mean[h] + ql);
      out[h][1] = Math.max(mean[h], mult ? mean[h] * (1 + qu) : mean[h] + qu);
    }
    return out;
  }

  /** errors[h-1][i]: the h-step error from the i-th origin, or null when there are too few. */
  private double[][] multiStepErrors(int horizon) {
    int n = y.length;
    int first = 1;
    int count = n - first - horizon + 1;
    if (count < MIN_EMPIRICAL_ERRORS) {
      return null;
    }
    boolean hasTrend = spec.trend() != Ets.Trend.NONE;
    boolean mult = spec.error() == Ets.Error.MULTIPLICATIVE;
    double ph = spec.trend() == Ets.Trend.DAMPED ? phi : 1;
    int m = seasonLength;
    double[][] errors = new double[horizon][];
    int[] used = new int[horizon];
    for (int h = 0; h < horizon; h++) {
      errors[h] = new double[n - first - h];
    }
    double l = initialLevel;
    double b = initialTrend;
    double[] s = initialSeason.clone();
    for (int t = 0; t < n; t++) {
      if (t >= first) {
        double damp = 0;
        double pk = 1;
        for (int h = 0; h < horizon && t + h < n; h++) {
          pk *= ph;
          damp += hasTrend ? pk : 0;
          double lb = l + damp * b;
          double sv = s.length == 0 ? 0 : s[(t + h) % m];
          double f = switch (spec.season()) {
            case NONE -> lb;
            case ADDITIVE -> lb + sv;
            case MULTIPLICATIVE -> lb * sv;
          };
          double e = mult ? (y[t + h] - f) / f : y[t + h] - f;
          errors[h][used[h]++] = Double.isFinite(e) ? e : 0;
        }
      }
      // one step of forecast::ets's update
      double phib = hasTrend ? ph * b : 0;
      double q = l + phib;
      int j = s.length == 0 ? 0 : t % m;
      double sv = s.length == 0 ? 0 : s[j];
      double p = switch (spec.season()) {
        case NONE -> y[t];
        case ADDITIVE -> y[t] - sv;
        case MULTIPLICATIVE -> Math.abs(sv) < 1e-10 ? 1e10 : y[t] / sv;
      };
      double nl = q + alpha * (p - q);
      if (hasTrend) {
        b = phib + (beta / alpha) * (nl - l - phib);
      }
      if (s.length > 0) {
        double tt = spec.season() == Ets.Season.ADDITIVE ? y[t] - q : (Math.abs(q) < 1e-10 ? 1e10 : y[t] / q);
        s[j] = sv + gamma * (tt - sv);
      }
      l = nl;
    }
    return errors;
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    double w = pos - i;
    return sorted[i] * (1 - w) + sorted[j] * w;
  }

  /** Returns the form and parameters. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "%s[alpha=%.4f, beta=%.4f, gamma=%.4f, phi=%.4f, loglik=%.3f, AICc=%.3f]", spec.label(), alpha, beta, gamma,
        phi, loglik, aicc);
  }
}
