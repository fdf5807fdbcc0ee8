package dev.pfms.api.spi;

import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import java.util.List;

/**
 * Scores how unusual transactions are against a history, with reasons a person understands.
 *
 * <p>Thread-safe: {@link #fit} swaps in the new model atomically.
 */
public interface AnomalyDetector {

  /**
   * Learns what is usual from a history (typically months of one user's transactions).
   *
   * @param history the transactions
   */
  void fit(List<Transaction> history);

  /**
   * Scores transactions against the fitted history.
   *
   * @param transactions the transactions (may be the history itself)
   * @return one score per transaction, in order
   * @throws dev.pfms.api.ModelException when not fitted
   */
  List<AnomalyScore> score(List<Transaction> transactions);
}
