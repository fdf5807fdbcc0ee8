package dev.pfms.core.anomaly;

import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.tck.AnomalyDetectorContract;

class RobustZScoreContractTest extends AnomalyDetectorContract {
  @Override
  protected AnomalyDetectorProvider provider() {
    return new RobustZScoreProvider();
  }
}
