package dev.pfms.api.store;

import dev.pfms.api.model.Transaction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction as the store keeps it: the transaction (with its category, if any), who set that
 * category and with which model version, whether the user confirmed it, and the statement that
 * brought it in.
 *
 * @param transaction the transaction, with its current category
 * @param categorySource who set the category, or {@code null} when uncategorized
 * @param modelVersion the registry version ({@code name@version}) of the model that set it, or {@code null}
 * @param confirmedAt when the user confirmed the category, or {@code null}
 * @param statementId the id of the import that added it
 */
public record StoredTransaction(Transaction transaction, CategorySource categorySource, String modelVersion,
    Instant confirmedAt, long statementId) {

  /** Validates the fields. */
  public StoredTransaction {
    Objects.requireNonNull(transaction, "transaction");
    if (transaction.category() != null && categorySource == null) {
      throw new IllegalArgumentException("a category needs its source");
    }
  }

  /**
   * The transaction's id.
   *
   * @return the stable id
   */
  public String id() {
    return transaction.id();
  }

  /**
   * Who set the category.
   *
   * @return the source, empty when uncategorized
   */
  public Optional<CategorySource> findCategorySource() {
    return Optional.ofNullable(categorySource);
  }

  /**
   * The model version that set the category.
   *
   * @return the version, empty unless a model set it
   */
  public Optional<String> findModelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  /**
   * When the user confirmed the category.
   *
   * @return the instant, empty when never confirmed
   */
  public Optional<Instant> findConfirmedAt() {
    return Optional.ofNullable(confirmedAt);
  }

  /** Shows no personal data. */
  @Override
  public String toString() {
    return "StoredTransaction[" + transaction + " " + transaction.category() + " by " + categorySource + "]";
  }
}
