package dev.pfms.api.spi;

import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.ModelRef;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Learns what is usual in a history and returns it as an {@link AnomalyModel} — an immutable
 * value that scores transactions, is shared across threads and saved for other processes (as Tink's
 * {@code KeysetHandle} yields a primitive, DJL's {@code ZooModel} a {@code Predictor}).
 *
 * <p>A detector holds its configuration only, no fitted state: two fits on one detector, from any
 * threads, never see each other. Thread-safe.
 */
public interface AnomalyDetector {

  /**
   * Fits a model on a history (typically months of one user's transactions).
   *
   * @param history the transactions
   * @return the fitted model
   * @throws dev.pfms.api.ModelException when the history is too small to learn from
   */
  AnomalyModel fit(List<Transaction> history);

  /**
   * Fits a model on a history and scores that same history, computing its features once. The
   * default fits and then scores; providers override it to reuse what fitting computed.
   *
   * @param history the transactions
   * @return the model and one score per history transaction, in order
   */
  default Fitted fitAndScore(List<Transaction> history) {
    AnomalyModel m = fit(history);
    return new Fitted(m, m.score(history));
  }

  /**
   * Restores a model this provider saved.
   *
   * @param saved a model read by {@link ModelDirectory#read}
   * @return the model
   * @throws dev.pfms.api.ModelException when it was saved by another provider, in an unknown format
   *     version, or its files are corrupt
   */
  AnomalyModel load(SavedModel saved);

  /**
   * Loads a model this provider saved to a directory.
   *
   * @param directory the model directory
   * @return the model
   * @throws IOException when it cannot be read
   * @throws dev.pfms.api.ModelException as {@link #load(SavedModel)}
   */
  default AnomalyModel load(Path directory) throws IOException {
    return load(ModelDirectory.read(directory));
  }

  /**
   * Loads exactly the referenced model (its hash is verified).
   *
   * @param ref the reference
   * @return the model
   * @throws IOException when it cannot be read
   * @throws dev.pfms.api.ModelException when the content is not the referenced one, or as
   *     {@link #load(SavedModel)}
   */
  default AnomalyModel load(ModelRef ref) throws IOException {
    return load(ModelDirectory.read(ref));
  }

  /**
   * A model and the scores of the history it was fitted on.
   *
   * @param model the fitted model
   * @param scores one score per history transaction, in order
   */
  record Fitted(AnomalyModel model, List<AnomalyScore> scores) {
    /** Validates and copies. */
    public Fitted {
      Objects.requireNonNull(model, "model");
      scores = dev.pfms.api.model.CompactAnomalyScores.immutableCopy(scores);
    }
  }
}
