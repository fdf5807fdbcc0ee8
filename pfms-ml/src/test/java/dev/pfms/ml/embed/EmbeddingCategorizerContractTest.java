package dev.pfms.ml.embed;

import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.CategorizerContract;
import java.nio.file.Path;

/** The full embedding-gbm provider (rules cascade + MiniLM + softmax head) passes the Categorizer TCK. */
class EmbeddingCategorizerContractTest extends CategorizerContract {

  @Override
  protected CategorizerProvider provider() {
    return new EmbeddingCategorizerProvider();
  }

  @Override
  protected ProviderConfig config() {
    return ProviderConfig.builder().set("cacheDir", Path.of("target", "pfms-djl")).build();
  }
}
