package dev.pfms.api.model;

import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A forecast of a {@link TimeSeries}.
 *
 * @param series the forecast series' name
 * @param granularity the period
 * @param currency the currency of every value
 * @param points one point per future period, nearest first
 * @param level the nominal coverage of the intervals, e.g. 0.8
 * @param model the model that made it, e.g. {@code "ETS(A,Ad,N)"} or {@code "seasonal-naive"}
 */
public record Forecast(
    String series, Granularity granularity, Currency currency, List<ForecastPoint> points, double level,
    String model) {

  /** Validates the fields and copies the points. */
  public Forecast {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(model, "model");
    points = List.copyOf(points);
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0,1): " + level);
    }
  }
}
