package dev.pfms.api.spi;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.TimeSeries;

/** Forecasts a regular series with prediction intervals. Stateless and thread-safe. */
public interface Forecaster {

  /**
   * Forecasts the next periods of a series.
   *
   * @param history the series (at least one point)
   * @param horizon how many periods ahead, at least 1
   * @param level the nominal interval coverage in (0, 1), e.g. 0.8 or 0.95
   * @return one point per period ahead
   * @throws IllegalArgumentException when the history is empty or horizon/level is out of range
   */
  Forecast forecast(TimeSeries history, int horizon, double level);
}
