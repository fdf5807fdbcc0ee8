package dev.pfms.api.categorize;

import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import java.util.Optional;

/**
 * Rules the user wrote, which win over corrections and over any model: the first stage of every
 * {@link ModelCategorizer}. The {@code rules} provider in pfms-core reads them from a JSON file.
 * Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface UserRules {

  /** No rules. */
  UserRules NONE = t -> Optional.empty();

  /**
   * The prediction of the first rule that matches.
   *
   * @param transaction the transaction
   * @return the rule's prediction (not needing review), or empty when no rule matches
   */
  Optional<Prediction> match(Transaction transaction);
}
