package dev.pfms.ml.categorize;

import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.tck.CategorizerContract;

/** The SPI contract for {@code tfidf-gbm} in its default configuration (rules cascade in front). */
class TfidfGbmContractTest extends CategorizerContract {

  @Override
  protected CategorizerProvider provider() {
    return new TfidfGbmProvider();
  }
}
