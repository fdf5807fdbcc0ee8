package dev.pfms.ml.stack;

import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.CategorizerContract;

/** The SPI contract for {@code stacked-gbm} (rules cascade in front; TF-IDF only, to stay fast). */
class StackedGbmContractTest extends CategorizerContract {

  @Override
  protected CategorizerProvider provider() {
    return new StackedGbmProvider();
  }

  @Override
  protected ProviderConfig config() {
    return ProviderConfig.of(java.util.Map.of("embeddings", "off"));
  }
}
