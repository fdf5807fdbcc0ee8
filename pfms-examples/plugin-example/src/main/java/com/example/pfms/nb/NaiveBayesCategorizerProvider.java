package com.example.pfms.nb;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code naive-bayes} provider. ServiceLoader instantiates it with no arguments; it does no work
 * until {@link #create(ProviderConfig)}, which wraps the model's trainer in pfms's
 * {@link ModelCategorizer} (corrections, retraining, atomic swap and saving come from there).
 */
public final class NaiveBayesCategorizerProvider implements CategorizerProvider {

  /** Laplace smoothing. */
  public static final ConfigKey<Double> ALPHA = ConfigKey.ofDouble("alpha", 0.5, "additive smoothing, > 0");
  /** Confidence below which a prediction needs review. */
  public static final ConfigKey<Double> REVIEW_BELOW = ConfigKey.ofDouble("review-below", 0.5,
      "confidence below which a prediction is marked needs-review");

  /** Creates the provider (ServiceLoader). */
  public NaiveBayesCategorizerProvider() {}

  @Override
  public String name() {
    return "naive-bayes";
  }

  @Override
  public String description() {
    return "example plugin: multinomial naive Bayes over merchant words";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(ALPHA, REVIEW_BELOW, CORRECTIONS);
  }

  /** Corrections kept across runs. */
  public static final ConfigKey<Path> CORRECTIONS = ConfigKey.ofPath("corrections", null,
      "JSON-lines file where corrections are kept (in memory when absent)");

  @Override
  public Categorizer create(ProviderConfig config) {
    return builder(config).build();
  }

  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    return builder(config).load(directory);
  }

  private static ModelCategorizer.Builder builder(ProviderConfig config) {
    double alpha = config.get(ALPHA);
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("option 'alpha' must be > 0: " + alpha);
    }
    Path file = config.get(CORRECTIONS);
    return ModelCategorizer.builder(new NaiveBayesModel.Trainer(alpha, config.get(REVIEW_BELOW)))
        .corrections(file == null ? CorrectionStore.inMemory() : CorrectionStore.jsonLines(file));
  }
}
