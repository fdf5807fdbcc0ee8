package dev.pfms.core.forecast;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.spi.Forecaster;

/**
 * The seasonal-naive baseline: each future period repeats the same period one season earlier.
 * Intervals assume normal errors with the variance of the in-sample seasonal differences, growing
 * with the number of whole seasons ahead. With less than one season of history it falls back to
 * the naive forecast (repeat the last value; variance of the first differences, growing with the
 * horizon) and says so in the model name. Stateless and thread-safe.
 */
public final class SeasonalNaiveForecaster implements Forecaster {

  private final int seasonLength;
  private final boolean nonNegative;

  /**
   * Creates the forecaster.
   *
   * @param seasonLength the season in periods, or 0 to use the series' granularity
   */
  public SeasonalNaiveForecaster(int seasonLength) {
    this(seasonLength, false);
  }

  /**
   * Creates the forecaster.
   *
   * @param seasonLength the season in periods, or 0 to use the series' granularity
   * @param nonNegative whether the series is non-negative (spending): bounds censored at zero
   */
  public SeasonalNaiveForecaster(int seasonLength, boolean nonNegative) {
    if (seasonLength < 0) {
      throw new IllegalArgumentException("season length must be >= 0: " + seasonLength);
    }
    this.seasonLength = seasonLength;
    this.nonNegative = nonNegative;
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, double level) {
    Forecasts.check(history, horizon, level);
    if (nonNegative) {
      Forecasts.checkNonNegative(history);
    }
    double[] y = history.toArray();
    int n = y.length;
    int m = seasonLength > 0 ? seasonLength : history.granularity().seasonLength();
    boolean seasonal = n >= m && m > 1;
    int lag = seasonal ? m : 1;
    double ss = 0;
    int count = 0;
    for (int t = lag; t < n; t++) {
      double d = y[t] - y[t - lag];
      ss += d * d;
      count++;
    }
    double sigma2 = count > 0 ? ss / count : 0;
    double z = Stats.normalQuantile((1 + level) / 2);
    double[] mean = new double[horizon];
    double[][] b = new double[horizon][2];
    for (int h = 1; h <= horizon; h++) {
      double f;
      double var;
      if (seasonal) {
        int k = (h - 1) / m;
        f = y[n - m + (h - 1) % m];
        var = sigma2 * (k + 1);
      } else {
        f = y[n - 1];
        var = sigma2 * h;
      }
      mean[h - 1] = f;
      double sd = Math.sqrt(var);
      b[h - 1][0] = f - z * sd;
      b[h - 1][1] = f + z * sd;
    }
    String model = seasonal ? "seasonal-naive(m=" + m + ")"
        : "naive (history of " + n + " is shorter than the season of " + m + ")";
    return Forecasts.build(history, mean, b, level, model, nonNegative);
  }

  /**
   * The seasonal-naive point forecasts of an array, for backtests.
   *
   * @param y the history
   * @param m the season length
   * @param horizon periods ahead
   * @return the forecasts
   */
  static double[] pointForecast(double[] y, int m, int horizon) {
    int n = y.length;
    double[] f = new double[horizon];
    for (int h = 1; h <= horizon; h++) {
      f[h - 1] = n >= m && m > 1 ? y[n - m + (h - 1) % m] : y[n - 1];
    }
    return f;
  }
}
