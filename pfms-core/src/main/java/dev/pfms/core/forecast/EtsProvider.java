package dev.pfms.core.forecast;

import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/** The {@code ets} forecaster: exponential smoothing chosen by AICc, with prediction intervals. */
public final class EtsProvider implements ForecasterProvider {

  /** Season length override. */
  public static final ConfigKey<Integer> SEASON_LENGTH = ConfigKey.ofInt("season-length", 0,
      "season in periods; 0 = from the series' granularity (7 daily, 52 weekly, 12 monthly), 1 = none").withRange(0, 366);

  /** Creates the provider (cheap; no work happens until {@link #create}). */
  public EtsProvider() {}

  @Override
  public String name() {
    return "ets";
  }

  @Override
  public String description() {
    return "Exponential smoothing (simple, Holt, damped, Holt-Winters A/M) chosen by AICc, with intervals";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(SEASON_LENGTH);
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Forecaster create(ProviderConfig config) {
    return new EtsForecaster(config.get(SEASON_LENGTH));
  }
}
