package dev.pfms.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a trained model is, saved beside it as {@code metadata.json}.
 *
 * @param provider the provider that trained it, e.g. {@code "tfidf-gbm"}
 * @param formatVersion the provider's model format version; loading a different one fails clearly
 * @param trainingHash SHA-256 (hex) of the training data (ids and labels, in order)
 * @param trainingSize the number of training examples
 * @param labels the label set, sorted
 * @param metrics held-out metrics, e.g. {@code accuracy}, {@code macroF1}
 * @param createdAt when it was trained
 * @param parameters the provider's training options, for reproduction
 */
public record ModelMetadata(
    String provider, int formatVersion, String trainingHash, int trainingSize, List<String> labels,
    Map<String, Double> metrics, Instant createdAt, Map<String, String> parameters) {

  /** Validates the fields and copies the collections. */
  public ModelMetadata {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(trainingHash, "trainingHash");
    Objects.requireNonNull(createdAt, "createdAt");
    labels = List.copyOf(labels);
    metrics = Map.copyOf(metrics);
    parameters = Map.copyOf(parameters);
  }
}
