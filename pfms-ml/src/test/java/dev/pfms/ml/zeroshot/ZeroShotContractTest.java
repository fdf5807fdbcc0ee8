package dev.pfms.ml.zeroshot;

import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.CategorizerContract;

/** The SPI contract for {@code zero-shot} (lexicon and TF-IDF, without the DJL engine). */
class ZeroShotContractTest extends CategorizerContract {

  @Override
  protected CategorizerProvider provider() {
    return new ZeroShotProvider();
  }

  @Override
  protected ProviderConfig config() {
    return ProviderConfig.of(java.util.Map.of("embeddings", "off"));
  }
}
