package dev.pfms.core.forecast;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.TimeSeries;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Shared checks and conversions of the forecasters (doubles inside, currency-scaled decimals out). */
final class Forecasts {

  private Forecasts() {}

  static void check(TimeSeries history, int horizon, double level) {
    if (history.size() == 0) {
      throw new IllegalArgumentException("series '" + history.name() + "' is empty: nothing to forecast from");
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be at least 1: " + horizon);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0,1): " + level);
    }
  }

  /** A series declared non-negative must not have a value below zero. */
  static void checkNonNegative(TimeSeries history) {
    for (int i = 0; i < history.size(); i++) {
      if (history.values().get(i).signum() < 0) {
        throw new IllegalArgumentException("series '" + history.name() + "' has a negative value in the period from "
            + history.periodStart(i) + ", but the forecaster was created with non-negative=true");
      }
    }
  }

  static Forecast build(TimeSeries history, double[] mean, double[][] bounds, double level, String model) {
    return build(history, mean, bounds, level, model, false);
  }

  /** As above; with {@code nonNegative}, every value is {@code max(0, ·)} (the censored forecast). */
  static Forecast build(TimeSeries history, double[] mean, double[][] bounds, double level, String model,
      boolean nonNegative) {
    int digits = Math.max(0, history.currency().getDefaultFractionDigits());
    List<ForecastPoint> pts = new ArrayList<>(mean.length);
    for (int h = 0; h < mean.length; h++) {
      double m = finite(mean[h]);
      double lo = Math.min(m, finite(bounds[h][0]));
      double hi = Math.max(m, finite(bounds[h][1]));
      if (nonNegative) {
        m = Math.max(0, m);
        lo = Math.max(0, lo);
        hi = Math.max(0, hi);
      }
      pts.add(new ForecastPoint(history.periodStart(history.size() + h), dec(m, digits), dec(lo, digits),
          dec(hi, digits)));
    }
    return new Forecast(history.name(), history.granularity(), history.currency(), pts, level, model);
  }

  private static double finite(double v) {
    if (!Double.isFinite(v)) {
      throw new ArithmeticException("forecast produced a non-finite value");
    }
    return v;
  }

  private static BigDecimal dec(double v, int digits) {
    return BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_EVEN);
  }

  /** Mean of the history with a t-like interval widened for the unknown mean; for very short series. */
  static Forecast meanFallback(TimeSeries history, double[] y, int horizon, double level, String why) {
    return meanFallback(history, y, horizon, level, why, false);
  }

  /** As above, censored at zero when {@code nonNegative}. */
  static Forecast meanFallback(TimeSeries history, double[] y, int horizon, double level, String why,
      boolean nonNegative) {
    int n = y.length;
    double mean = 0;
    for (double v : y) {
      mean += v / n;
    }
    double var = 0;
    for (double v : y) {
      var += (v - mean) * (v - mean);
    }
    var = n > 1 ? var / (n - 1) : 0;
    double z = Stats.normalQuantile((1 + level) / 2);
    double sd = Math.sqrt(var * (1 + 1.0 / n));
    double[] m = new double[horizon];
    double[][] b = new double[horizon][2];
    for (int h = 0; h < horizon; h++) {
      m[h] = mean;
      b[h][0] = mean - z * sd;
      b[h][1] = mean + z * sd;
    }
    return build(history, m, b, level, "mean (" + why + ")", nonNegative);
  }
}
