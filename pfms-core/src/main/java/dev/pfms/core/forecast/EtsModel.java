package dev.pfms.core.forecast;

import java.util.Arrays;

/**
 * A fitted exponential smoothing model: its form, estimated parameters, final states and fit
 * statistics, and the point forecasts and prediction intervals that follow. Immutable and
 * thread-safe.
 */
public final class EtsModel {

  private static final int SIMULATED_PATHS = 2000;

  private final Ets.Spec spec;
  private final int seasonLength;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double phi;
  private final double level;
  private final double trend;
  private final double[] season;
  private final int observations;
  private final double aicc;
  private final double sigma2;
  private final double[] fitted;

  EtsModel(Ets.Spec spec, int seasonLength, double alpha, double beta, double gamma, double phi, double level,
      double trend, double[] season, int observations, double aicc, double sigma2, double[] fitted) {
    this.spec = spec;
    this.seasonLength = seasonLength;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.phi = phi;
    this.level = level;
    this.trend = trend;
    this.season = season.clone();
    this.observations = observations;
    this.aicc = aicc;
    this.sigma2 = sigma2;
    this.fitted = fitted == null ? new double[0] : fitted.clone();
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
    return observations;
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
   * The residual variance (additive errors: in the series' units squared; multiplicative: relative).
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
      double sv = season[(observations + h - 1) % seasonLength];
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
      double[][] paths = Ets.simulate(this, horizon, SIMULATED_PATHS, 42L + observations);
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
    return String.format(java.util.Locale.ROOT, "%s[alpha=%.3f, beta=%.3f, gamma=%.3f, phi=%.3f, AICc=%.2f]",
        spec.label(), alpha, beta, gamma, phi, aicc);
  }
}
