package dev.pfms.ml.anomaly;

import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.tck.AnomalyDetectorContract;

class IsolationForestContractTest extends AnomalyDetectorContract {
  @Override
  protected AnomalyDetectorProvider provider() {
    return new IsolationForestProvider();
  }
}
