package dev.pfms.core.forecast;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.spi.Forecaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasts with the exponential-smoothing model that has the lowest AICc among those eligible for
 * the series (see {@link Ets}). A series too short for any ETS model (fewer than 5 points) gets the
 * history's mean with a widened interval, and the model name says why. Stateless and thread-safe.
 */
public final class EtsForecaster implements Forecaster {

  private static final Logger log = LoggerFactory.getLogger(EtsForecaster.class);

  private final int seasonLength;

  /**
   * Creates the forecaster.
   *
   * @param seasonLength the season in periods, 1 for none, or 0 to use the series' granularity
   */
  public EtsForecaster(int seasonLength) {
    if (seasonLength < 0) {
      throw new IllegalArgumentException("season length must be >= 0: " + seasonLength);
    }
    this.seasonLength = seasonLength;
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, double level) {
    Forecasts.check(history, horizon, level);
    double[] y = history.toArray();
    int m = seasonLength > 0 ? seasonLength : history.granularity().seasonLength();
    if (Ets.candidates(y, m).isEmpty()) {
      log.debug("series of {} points is too short for ETS; using its mean", y.length);
      return Forecasts.meanFallback(history, y, horizon, level,
          "history of " + y.length + " is too short for ETS");
    }
    EtsModel model = Ets.select(y, m);
    return Forecasts.build(history, model.forecast(horizon), model.intervals(horizon, level), level,
        model.spec().label());
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
