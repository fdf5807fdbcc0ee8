package com.example.pfms.nb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.api.ModelException;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code naive-bayes} provider. ServiceLoader instantiates it with no arguments; it does no work
 * until {@link #create(ProviderConfig)}.
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
    return List.of(ALPHA, REVIEW_BELOW);
  }

  /** The model file beside {@code metadata.json}. */
  static final String FILE = "naive-bayes.json";

  @Override
  public Categorizer create(ProviderConfig config) {
    double alpha = config.get(ALPHA);
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("option 'alpha' must be > 0: " + alpha);
    }
    return new NaiveBayesCategorizer(alpha, config.get(REVIEW_BELOW));
  }

  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    SavedModel saved = ModelDirectory.read(directory).expect(name(), ModelKind.CATEGORIZER, 1, 1);
    NaiveBayesCategorizer.State state;
    try {
      state = new ObjectMapper().readValue(saved.bytes(FILE), NaiveBayesCategorizer.State.class);
    } catch (IOException | RuntimeException e) {
      throw new ModelException(directory.resolve(FILE) + " is not a naive-bayes model: " + e.getMessage(), e);
    }
    NaiveBayesCategorizer c = (NaiveBayesCategorizer) create(config);
    c.restore(state, saved.metadata());
    return c;
  }
}
