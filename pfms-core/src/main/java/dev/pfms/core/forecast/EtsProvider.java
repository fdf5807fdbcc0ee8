package dev.pfms.core.forecast;

import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/**
 * The {@code ets} forecaster: exponential smoothing chosen by AICc (forecast::ets's family and
 * likelihood), with prediction intervals.
 *
 * <p>Options: {@code season-length} (0 = from the granularity), {@code intervals}
 * ({@code auto} | {@code model} | {@code empirical}), and {@code non-negative} — set it for money
 * out (spending): the history must then be ≥ 0 and the forecasts and bounds are those of
 * {@code max(0, y)}, never below zero.
 */
public final class EtsProvider implements ForecasterProvider {

  /** Season length override. */
  public static final ConfigKey<Integer> SEASON_LENGTH = ConfigKey.ofInt("season-length", 0,
      "season in periods; 0 = from the series' granularity (7 daily, 52 weekly, 12 monthly), 1 = none;"
          + " seasons above 24 are ignored, as forecast::ets does").withRange(0, 366);

  /** Which intervals: {@code auto}, {@code model} or {@code empirical}. */
  public static final ConfigKey<String> INTERVALS = new ConfigKey<>("intervals", String.class, "auto",
      "auto = empirical error quantiles for daily and weekly series, the model's otherwise; model = analytic"
          + " (additive errors) or simulated (multiplicative); empirical = quantiles of in-sample multi-step errors",
      s -> EtsForecaster.Intervals.parse(s).name().toLowerCase(java.util.Locale.ROOT));

  /** Non-negative series (spending): forecasts and bounds censored at zero. */
  public static final ConfigKey<Boolean> NON_NEGATIVE = ConfigKey.ofBoolean("non-negative", false,
      "the series is money out (>= 0): point forecasts and interval bounds are those of max(0, y), never below 0;"
          + " a negative history value is an error");

  /** Creates the provider (cheap; no work happens until {@link #create}). */
  public EtsProvider() {}

  @Override
  public String name() {
    return "ets";
  }

  @Override
  public String description() {
    return "Exponential smoothing, forecast::ets's 15 forms (errors A/M, trend N/A/Ad, season N/A/M) with initial"
        + " states by likelihood, chosen by AICc, with intervals";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(SEASON_LENGTH, INTERVALS, NON_NEGATIVE);
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Forecaster create(ProviderConfig config) {
    try {
      return new EtsForecaster(config.get(SEASON_LENGTH), EtsForecaster.Intervals.parse(config.get(INTERVALS)),
          config.get(NON_NEGATIVE));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ets: " + e.getMessage(), e);
    }
  }
}
