package dev.pfms.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a trained or fitted model is: the content of its {@code metadata.json}, the same for every
 * kind of model and every provider. {@link dev.pfms.api.io.ModelDirectory} is the one writer and
 * reader of that file.
 *
 * @param provider the provider that trained it, e.g. {@code "tfidf-gbm"}
 * @param providerVersion the version of the code that trained it (the provider jar's
 *     implementation version, or {@code ""} when unknown), for diagnosis only
 * @param formatVersion the provider's model format version; a provider refuses a version it cannot
 *     read
 * @param kind what the model does
 * @param trainingHash SHA-256 (hex) of the training data (ids, and labels where there are any, in
 *     order)
 * @param trainingSize the number of training examples
 * @param labels the label set, sorted (empty for an anomaly model)
 * @param metrics metrics measured at training time, e.g. {@code accuracy}, {@code threshold}
 * @param createdAt when it was trained
 * @param parameters the provider's training options, for reproduction
 */
public record ModelMetadata(
    String provider, String providerVersion, int formatVersion, ModelKind kind, String trainingHash,
    int trainingSize, List<String> labels, Map<String, Double> metrics, Instant createdAt,
    Map<String, String> parameters) {

  /** Validates the fields and copies the collections. */
  public ModelMetadata {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerVersion, "providerVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(trainingHash, "trainingHash");
    Objects.requireNonNull(createdAt, "createdAt");
    if (provider.isBlank()) {
      throw new IllegalArgumentException("provider is blank");
    }
    if (trainingSize < 0) {
      throw new IllegalArgumentException("trainingSize < 0: " + trainingSize);
    }
    labels = List.copyOf(labels);
    metrics = Map.copyOf(metrics);
    parameters = Map.copyOf(parameters);
  }

  /**
   * The metadata of a categorizer model whose code version is not recorded (the shape before
   * {@code providerVersion} and {@code kind} existed).
   *
   * @param provider the provider that trained it
   * @param formatVersion the provider's model format version
   * @param trainingHash SHA-256 (hex) of the training data
   * @param trainingSize the number of training examples
   * @param labels the label set, sorted
   * @param metrics held-out metrics
   * @param createdAt when it was trained
   * @param parameters the training options
   */
  public ModelMetadata(String provider, int formatVersion, String trainingHash, int trainingSize,
      List<String> labels, Map<String, Double> metrics, Instant createdAt, Map<String, String> parameters) {
    this(provider, "", formatVersion, ModelKind.CATEGORIZER, trainingHash, trainingSize, labels, metrics,
        createdAt, parameters);
  }

  /** The file name a model directory keeps its metadata in. */
  public static final String FILE_NAME = "metadata.json";

  /**
   * The implementation version of the jar a class was loaded from, for {@link #providerVersion}.
   *
   * @param providerClass a class of the provider
   * @return the version, or {@code ""} when the jar does not say (e.g. in a build's classes folder)
   */
  public static String versionOf(Class<?> providerClass) {
    String v = providerClass.getPackage() == null ? null : providerClass.getPackage().getImplementationVersion();
    return v == null ? "" : v;
  }
}
