package dev.pfms.api.money;

import dev.pfms.api.model.Transaction;
import java.util.List;

/**
 * Finds the transfers between the user's own accounts in a set of transactions. Implementations
 * are thread-safe and run in (near) linear time; each transaction is in at most one match.
 * The built-in one is pfms-core's {@code TransferMatcher}.
 */
@FunctionalInterface
public interface TransferDetector {

  /**
   * Matches the legs of transfers.
   *
   * @param transactions the transactions of all the user's accounts
   * @return the matches, each transaction in at most one
   */
  List<TransferMatch> detect(List<Transaction> transactions);

  /**
   * A detector that finds nothing (every movement counts as spending or income).
   *
   * @return the detector
   */
  static TransferDetector none() {
    return transactions -> List.of();
  }
}
