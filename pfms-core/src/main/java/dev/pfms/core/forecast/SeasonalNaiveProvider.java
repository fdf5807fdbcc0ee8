package dev.pfms.core.forecast;

import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;

/** The {@code seasonal-naive} forecaster: the baseline every other forecaster is measured against. */
public final class SeasonalNaiveProvider implements ForecasterProvider {

  /** Season length override. */
  public static final ConfigKey<Integer> SEASON_LENGTH = ConfigKey.ofInt("season-length", 0,
      "season in periods; 0 = from the series' granularity (7 daily, 52 weekly, 12 monthly)").withRange(0, 366);

  /** Non-negative series (spending): bounds censored at zero, as {@link EtsProvider#NON_NEGATIVE}. */
  public static final ConfigKey<Boolean> NON_NEGATIVE = ConfigKey.ofBoolean("non-negative", false,
      "the series is money out (>= 0): point forecasts and interval bounds are those of max(0, y), never below 0;"
          + " a negative history value is an error");

  /** Creates the provider (cheap; no work happens until {@link #create}). */
  public SeasonalNaiveProvider() {}

  @Override
  public String name() {
    return "seasonal-naive";
  }

  @Override
  public String description() {
    return "Baseline: repeat the value one season earlier (naive when shorter than a season)";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(SEASON_LENGTH, NON_NEGATIVE);
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Forecaster create(ProviderConfig config) {
    return new SeasonalNaiveForecaster(config.get(SEASON_LENGTH), config.get(NON_NEGATIVE));
  }
}
