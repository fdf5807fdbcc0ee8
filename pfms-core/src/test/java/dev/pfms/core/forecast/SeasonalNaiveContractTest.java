package dev.pfms.core.forecast;

import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.tck.ForecasterContract;

class SeasonalNaiveContractTest extends ForecasterContract {
  @Override
  protected ForecasterProvider provider() {
    return new SeasonalNaiveProvider();
  }
}
