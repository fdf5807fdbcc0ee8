package dev.pfms.api.categorize;

import dev.pfms.api.ModelException;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a categorizer provider writes: how to fit a {@link CategorizerModel} and how to read one back.
 * Everything else — corrections, user rules in front, retraining, the atomic model swap, saving
 * without destroying the previous model, bounded loading — is {@link ModelCategorizer}'s.
 *
 * <p>Implementations are thread-safe (usually stateless: the options are final fields). A provider
 * then needs only:
 * <pre>{@code
 * public Categorizer create(ProviderConfig config) {
 *   return ModelCategorizer.builder(new MyTrainer(options(config))).corrections(store(config)).build();
 * }
 * public Categorizer load(Path dir, ProviderConfig config) throws IOException {
 *   return ModelCategorizer.builder(new MyTrainer(options(config))).corrections(store(config)).load(dir);
 * }
 * }</pre>
 */
public interface CategorizerTrainer {

  /**
   * The provider name recorded in {@code metadata.json} and checked on load, e.g. {@code "tfidf-gbm"}.
   *
   * @return the name
   */
  String provider();

  /**
   * The model format version this trainer writes.
   *
   * @return the version, at least 1
   */
  int formatVersion();

  /**
   * The oldest model format version {@link #load} still reads (committed fixtures prove it).
   *
   * @return the version; {@link #formatVersion()} by default
   */
  default int oldestFormatVersion() {
    return formatVersion();
  }

  /**
   * Fits a model.
   *
   * @param data the training examples, corrections included (last)
   * @return the fitted model
   * @throws ModelException when the data cannot make a model (e.g. too few labels)
   */
  CategorizerModel fit(TrainingData data);

  /**
   * Reads a model saved by {@link CategorizerModel#save(Path)}. The caller has already checked the
   * provider, the format version range and the checksum of every file, holds the directory's lock,
   * and turns any {@link RuntimeException}, {@link OutOfMemoryError} or truncated stream into a
   * {@link ModelException}; implementations should still check every length they read before
   * allocating. Prefer {@link #load(SavedModel)}, which hands over the bytes already read, verified
   * and (for a sealed model) opened; an implementation of this method must read its files through
   * {@code ModelDirectory.read(directory)}, not with {@code Files}: a model saved under a protected
   * directory ({@link dev.pfms.api.io.ModelDirectory#protect}) is sealed at rest (the TCK checks it).
   *
   * @param directory the saved model
   * @param metadata its metadata, already read
   * @return the model
   * @throws IOException when a file cannot be read
   * @throws ModelException when the bytes are not a model of this provider
   */
  default CategorizerModel load(Path directory, ModelMetadata metadata) throws IOException {
    throw new ModelException("provider '" + provider() + "' cannot load saved models");
  }

  /**
   * Reads a saved model from the files the caller already read: sizes and SHA-256 checked, opened
   * when sealed ({@link SavedModel#bytes}, {@link SavedModel#input}), so nothing is read twice. The
   * same guarantees as {@link #load(Path, ModelMetadata)}, which this delegates to by default.
   *
   * @param saved the saved model
   * @return the model
   * @throws IOException when a file cannot be read
   * @throws ModelException when the bytes are not a model of this provider
   */
  default CategorizerModel load(SavedModel saved) throws IOException {
    return load(saved.directory(), saved.metadata());
  }

  /**
   * The model used before the first training, if the provider can predict without one (the
   * {@code rules} provider predicts "uncategorized, needs review" until it has learned anything).
   *
   * @return the initial model, empty by default (predicting before training is then a
   *     {@link ModelException})
   */
  default Optional<CategorizerModel> initial() {
    return Optional.empty();
  }
}
