package dev.pfms.examples.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.spi.Forecaster;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays forecasts that R's {@code forecast::ets} made for the same training windows
 * ({@code tools/reference/ets/ets_backtest.json}, written by {@code ets_backtest.R}), so that R is
 * scored by exactly the code that scores pfms. Means and bounds are censored at zero, which is what
 * pfms's {@code non-negative} option does for spending.
 */
final class ReplayForecaster implements Forecaster {

  private record Window(double[] mean, double[] lower80, double[] upper80, double[] lower95, double[] upper95) {}

  private final Map<String, Window> windows;

  private ReplayForecaster(Map<String, Window> windows) {
    this.windows = windows;
  }

  /**
   * The forecasts of one set-up.
   *
   * @param root the parsed reference file
   * @param setup the set-up key (monthly, weekly, daily)
   * @return the replaying forecaster (empty when the file has none for the set-up)
   */
  static ReplayForecaster of(JsonNode root, String setup) {
    Map<String, Window> w = new HashMap<>();
    for (JsonNode s : root.path("series")) {
      if (!s.path("setup").asText().equals(setup)) {
        continue;
      }
      String name = s.get("name").asText();
      for (JsonNode o : s.get("origins")) {
        w.put(name + "@" + o.get("origin").asInt(), new Window(doubles(o.get("mean")), doubles(o.get("lower80")),
            doubles(o.get("upper80")), doubles(o.get("lower95")), doubles(o.get("upper95"))));
      }
    }
    return new ReplayForecaster(w);
  }

  /**
   * Whether R forecast every series of the set-up (the same names; one window at least each).
   *
   * @param series the backtest's series
   * @return true when every series has R forecasts
   */
  boolean covers(List<TimeSeries> series) {
    return !series.isEmpty() && series.stream().allMatch(s -> windows.keySet().stream()
        .anyMatch(k -> k.startsWith(s.name() + "@")));
  }

  @Override
  public Forecast forecast(TimeSeries history, int horizon, double level) {
    Window w = windows.get(history.name() + "@" + history.size());
    if (w == null) {
      throw new IllegalArgumentException("R made no forecast for " + history.name() + " at origin " + history.size());
    }
    boolean p80 = Math.abs(level - 0.8) < 1e-9;
    if (!p80 && Math.abs(level - 0.95) > 1e-9) {
      throw new IllegalArgumentException("R's reference has 80% and 95% intervals only, not " + level);
    }
    List<ForecastPoint> points = new ArrayList<>(horizon);
    for (int k = 0; k < horizon; k++) {
      points.add(new ForecastPoint(history.periodStart(history.size() + k), money(w.mean()[k]),
          money(p80 ? w.lower80()[k] : w.lower95()[k]), money(p80 ? w.upper80()[k] : w.upper95()[k])));
    }
    return new Forecast(history.name(), history.granularity(), history.currency(), points, level, "R forecast::ets");
  }

  private static BigDecimal money(double v) {
    return BigDecimal.valueOf(Math.max(0, v)).setScale(2, RoundingMode.HALF_EVEN);
  }

  private static double[] doubles(JsonNode a) {
    if (a.isNumber()) { // jsonlite writes a one-step forecast as a scalar
      return new double[] {a.asDouble()};
    }
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).asDouble();
    }
    return d;
  }
}
