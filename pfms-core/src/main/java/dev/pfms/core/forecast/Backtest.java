package dev.pfms.core.forecast;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.spi.Forecaster;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Rolling-origin evaluation of a {@link Forecaster}: for each origin from {@code minTrain} to the
 * end, forecast {@code horizon} periods from the history up to the origin and compare with what
 * happened. Accuracy is pooled over all series, origins and steps ahead. Stateless.
 *
 * <ul>
 *   <li>MASE: absolute error divided by the in-sample mean absolute error of the seasonal-naive
 *       forecast on the training part (lag 1 when the training part is shorter than a season + 1);
 *       points whose scale is zero are left out of the MASE only.
 *   <li>sMAPE: {@code 200·|y−ŷ|/(|y|+|ŷ|)} in percent, 0 when both are zero.
 *   <li>Coverage: the share of actual values inside the interval at each nominal level.
 * </ul>
 */
public final class Backtest {

  private Backtest() {}

  /**
   * Backtest options.
   *
   * @param minTrain the shortest history to forecast from (at least 1)
   * @param horizon periods ahead per origin (at least 1)
   * @param step periods between origins (at least 1)
   * @param levels nominal interval levels to check, each in (0, 1)
   */
  public record Options(int minTrain, int horizon, int step, double[] levels) {

    /** Validates and copies. */
    public Options {
      if (minTrain < 1 || horizon < 1 || step < 1) {
        throw new IllegalArgumentException("minTrain, horizon and step must be >= 1");
      }
      levels = levels.clone();
      for (double l : levels) {
        if (!(l > 0 && l < 1)) {
          throw new IllegalArgumentException("level must be in (0,1): " + l);
        }
      }
    }

    /**
     * The levels (a copy).
     *
     * @return the levels
     */
    @Override
    public double[] levels() {
      return levels.clone();
    }
  }

  /**
   * The pooled accuracy of one forecaster.
   *
   * @param forecasts how many (series, origin, step) points were compared
   * @param mase mean absolute scaled error
   * @param smape symmetric mean absolute percentage error, in percent
   * @param mae mean absolute error in the series' units
   * @param levels the nominal levels
   * @param coverage the observed coverage at each level, as a fraction
   */
  public record Result(int forecasts, double mase, double smape, double mae, double[] levels, double[] coverage) {

    /** Copies the arrays. */
    public Result {
      levels = levels.clone();
      coverage = coverage.clone();
    }

    /**
     * The nominal levels (a copy).
     *
     * @return the levels
     */
    @Override
    public double[] levels() {
      return levels.clone();
    }

    /**
     * The observed coverages (a copy).
     *
     * @return the coverages
     */
    @Override
    public double[] coverage() {
      return coverage.clone();
    }

    /** Returns the figures. */
    @Override
    public String toString() {
      return "Result[n=" + forecasts + ", MASE=" + mase + ", sMAPE=" + smape + ", MAE=" + mae + ", coverage="
          + Arrays.toString(coverage) + " at " + Arrays.toString(levels) + "]";
    }
  }

  /**
   * Runs a rolling-origin backtest.
   *
   * @param series the series (each one forecast on its own)
   * @param forecaster the forecaster
   * @param options the options
   * @return pooled accuracy
   */
  public static Result run(List<TimeSeries> series, Forecaster forecaster, Options options) {
    Objects.requireNonNull(forecaster, "forecaster");
    double[] levels = options.levels();
    double sumScaled = 0;
    int nScaled = 0;
    double sumSmape = 0;
    double sumAbs = 0;
    int n = 0;
    int[] covered = new int[levels.length];
    for (TimeSeries s : series) {
      double[] y = s.toArray();
      int m = s.granularity().seasonLength();
      for (int origin = options.minTrain(); origin < y.length; origin += options.step()) {
        int h = Math.min(options.horizon(), y.length - origin);
        TimeSeries train = s.head(origin);
        double scale = naiveScale(Arrays.copyOf(y, origin), m);
        Forecast[] byLevel = new Forecast[Math.max(1, levels.length)];
        for (int li = 0; li < byLevel.length; li++) {
          byLevel[li] = forecaster.forecast(train, h, levels.length == 0 ? 0.8 : levels[li]);
        }
        for (int k = 0; k < h; k++) {
          double actual = y[origin + k];
          double mean = byLevel[0].points().get(k).mean().doubleValue();
          double err = Math.abs(actual - mean);
          sumAbs += err;
          double denom = Math.abs(actual) + Math.abs(mean);
          sumSmape += denom == 0 ? 0 : 200 * err / denom;
          if (scale > 0) {
            sumScaled += err / scale;
            nScaled++;
          }
          for (int li = 0; li < levels.length; li++) {
            ForecastPoint p = byLevel[li].points().get(k);
            if (actual >= p.lower().doubleValue() && actual <= p.upper().doubleValue()) {
              covered[li]++;
            }
          }
          n++;
        }
      }
    }
    double[] coverage = new double[levels.length];
    for (int li = 0; li < levels.length; li++) {
      coverage[li] = n == 0 ? Double.NaN : (double) covered[li] / n;
    }
    return new Result(n, nScaled == 0 ? Double.NaN : sumScaled / nScaled, n == 0 ? Double.NaN : sumSmape / n,
        n == 0 ? Double.NaN : sumAbs / n, levels, coverage);
  }

  /**
   * The in-sample mean absolute error of the seasonal-naive forecast (lag {@code m}), or of the
   * naive one (lag 1) when the history is not longer than a season.
   *
   * @param y the training history
   * @param m the season length
   * @return the scale, 0 when undefined
   */
  public static double naiveScale(double[] y, int m) {
    int lag = y.length > m && m > 1 ? m : 1;
    double s = 0;
    int c = 0;
    for (int t = lag; t < y.length; t++) {
      s += Math.abs(y[t] - y[t - lag]);
      c++;
    }
    return c == 0 ? 0 : s / c;
  }
}
