package dev.pfms.core.forecast;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.spi.Forecaster;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasts with the exponential-smoothing model that has the lowest AICc among those eligible for
 * the series (see {@link Ets}). A series too short for any ETS model (fewer than 5 points) gets the
 * history's mean with a widened interval, and the model name says why. Stateless and thread-safe.
 *
 * <p>Intervals: {@link Intervals#MODEL} are the model's own (analytic for additive errors,
 * simulated for multiplicative ones); {@link Intervals#EMPIRICAL} are the quantiles of the fitted
 * model's in-sample multi-step errors ({@link EtsModel#empiricalIntervals}); {@link Intervals#AUTO}
 * (the default) uses empirical ones for daily and weekly series, whose spending is spiky and far
 * from normal, and the model's for the rest.
 *
 * <p>With {@code nonNegative}, the series must not go below zero (money out, spending) and the
 * forecast is that of the censored quantity {@code max(0, y)}: every bound and point forecast is
 * {@code max(0, ·)} — exact for the quantiles the bounds are, so the interval keeps its coverage.
 */
public final class EtsForecaster implements Forecaster {

  private static final Logger log = LoggerFactory.getLogger(EtsForecaster.class);

  /** Which prediction intervals to return. */
  public enum Intervals {
    /** Empirical for daily and weekly series, the model's otherwise. */
    AUTO,
    /** The model's: analytic for additive errors, simulated for multiplicative errors. */
    MODEL,
    /** Quantiles of the fitted model's in-sample multi-step errors (the model's when too few). */
    EMPIRICAL;

    /**
     * Parses {@code auto}, {@code model} or {@code empirical}.
     *
     * @param s the text
     * @return the choice
     * @throws IllegalArgumentException for anything else
     */
    public static Intervals parse(String s) {
      String v = Objects.requireNonNull(s, "intervals").trim().toLowerCase(Locale.ROOT);
      for (Intervals i : values()) {
        if (i.name().toLowerCase(Locale.ROOT).equals(v)) {
          return i;
        }
      }
      throw new IllegalArgumentException("intervals must be auto, model or empirical, not \"" + s + "\"");
    }
  }

  private final int seasonLength;
  private final Intervals intervals;
  private final boolean nonNegative;

  /**
   * Creates the forecaster with automatic intervals that may go below zero.
   *
   * @param seasonLength the season in periods, 1 for none, or 0 to use the series' granularity
   */
  public EtsForecaster(int seasonLength) {
    this(seasonLength, Intervals.AUTO, false);
  }

  /**
   * Creates the forecaster.
   *
   * @param seasonLength the season in periods, 1 for none, or 0 to use the series' granularity
   * @param intervals which intervals to return
   * @param nonNegative whether the series is non-negative (spending): forecasts are censored at 0
   */
  public EtsForecaster(int seasonLength, Intervals intervals, boolean nonNegative) {
    if (seasonLength < 0) {
      throw new IllegalArgumentException("season length must be >= 0: " + seasonLength);
    }
    this.seasonLength = seasonLength;
    this.intervals = Objects.requireNonNull(intervals, "intervals");
    this.nonNegative = nonNegative;
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, double level) {
    Forecasts.check(history, horizon, level);
    if (nonNegative) {
      Forecasts.checkNonNegative(history);
    }
    double[] y = history.toArray();
    int m = seasonLength > 0 ? seasonLength : history.granularity().seasonLength();
    if (Ets.candidates(y, m).isEmpty()) {
      log.debug("series of {} points is too short for ETS; using its mean", y.length);
      return Forecasts.meanFallback(history, y, horizon, level,
          "history of " + y.length + " is too short for ETS", nonNegative);
    }
    EtsModel model = Ets.select(y, m);
    double[][] bounds = null;
    if (empirical(history.granularity())) {
      bounds = model.empiricalIntervals(horizon, level);
    }
    if (bounds == null) {
      bounds = model.intervals(horizon, level);
    }
    return Forecasts.build(history, model.forecast(horizon), bounds, level, model.spec().label(), nonNegative);
  }

  private boolean empirical(Granularity g) {
    return intervals == Intervals.EMPIRICAL
        || (intervals == Intervals.AUTO && (g == Granularity.DAILY || g == Granularity.WEEKLY));
  }

  /**
   * The model this forecaster would choose for a series.
   *
   * @param history the series
   * @return the fitted model
   * @throws IllegalArgumentException when the series is too short for ETS
   */
  public EtsModel model(TimeSeries history) {
    int m = seasonLength > 0 ? seasonLength : history.granularity().seasonLength();
    return Ets.select(history.toArray(), m);
  }
}
