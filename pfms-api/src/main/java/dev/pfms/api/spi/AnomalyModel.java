package dev.pfms.api.spi;

import dev.pfms.api.io.ModelRef;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A fitted anomaly model: what {@link AnomalyDetector#fit} returns. Immutable and thread-safe; share
 * one across threads, save it once and load it in other processes (a Spark executor loads it once
 * per JVM by {@link ModelRef}).
 */
public interface AnomalyModel {

  /**
   * Scores transactions against the fitted history. Reasons are computed for flagged transactions
   * only; unflagged ones have none.
   *
   * @param transactions the transactions (may be the history itself)
   * @return one score per transaction, in order
   */
  List<AnomalyScore> score(List<Transaction> transactions);

  /**
   * Saves the model atomically ({@link dev.pfms.api.io.ModelDirectory#save}).
   *
   * @param directory the model directory (replaced when it holds a saved model)
   * @return a reference to what was saved
   * @throws IOException when it cannot be written; an earlier model there is then untouched
   */
  ModelRef save(Path directory) throws IOException;

  /**
   * What the model is: provider, format version, kind {@code anomaly}, training-set hash and size,
   * metrics (e.g. {@code threshold}) and parameters.
   *
   * @return the metadata
   */
  ModelMetadata metadata();
}
