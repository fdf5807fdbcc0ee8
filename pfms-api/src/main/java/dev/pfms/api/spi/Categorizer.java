package dev.pfms.api.spi;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Assigns categories to transactions and learns from labelled examples and user corrections.
 *
 * <p>Thread-safe: predictions may run concurrently with each other and with training; a training
 * call swaps in the new model atomically, so a prediction sees either the old or the new model.
 */
public interface Categorizer {

  /**
   * Trains (or re-trains from scratch) on labelled transactions; stored corrections are included.
   *
   * @param labelled transactions whose {@link Transaction#category()} is set
   * @return what was trained
   * @throws IllegalArgumentException when a transaction has no category
   * @throws dev.pfms.api.ModelException when training fails (e.g. fewer than two labels for a model
   *     that needs them)
   */
  ModelMetadata train(List<Transaction> labelled);

  /**
   * Trains on labelled transactions and a declared set of categories: the user's category list, which may
   * hold categories no transaction carries yet (a budget's new "Donations", a fixed taxonomy). A provider
   * that can recognise a category from its name alone ({@code stacked-gbm} does, by the label-name evidence)
   * may predict one without examples; the default, for providers that cannot, trains on the examples only
   * and so predicts only categories that have some. Retraining keeps the declared categories.
   *
   * @param labelled transactions whose {@link Transaction#category()} is set
   * @param categories declared categories, with or without examples (may be empty)
   * @return what was trained
   * @throws IllegalArgumentException when a transaction has no category
   * @throws dev.pfms.api.ModelException when training fails
   */
  default ModelMetadata train(List<Transaction> labelled, Collection<Category> categories) {
    Objects.requireNonNull(categories, "categories");
    return train(labelled);
  }

  /**
   * Categorizes one transaction.
   *
   * @param transaction the transaction (its category, if any, is ignored)
   * @return the prediction
   * @throws dev.pfms.api.ModelException when the categorizer has not been trained and has no rules
   */
  Prediction categorize(Transaction transaction);

  /**
   * Categorizes a batch; implementations override this to score in bulk.
   *
   * @param transactions the transactions
   * @return one prediction per transaction, in order
   */
  default List<Prediction> categorizeAll(List<Transaction> transactions) {
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      out.add(categorize(t));
    }
    return out;
  }

  /**
   * Records a user's correction. It is kept for the next {@link #retrain()}; providers that can
   * (rules) apply it at once to the same merchant.
   *
   * @param transaction the transaction the user corrected
   * @param category the right category
   */
  void correct(Transaction transaction, Category category);

  /**
   * Retrains on the last training set plus every correction recorded so far.
   *
   * @return what was trained
   */
  ModelMetadata retrain();

  /**
   * What the current model is, if trained.
   *
   * @return the metadata
   */
  Optional<ModelMetadata> metadata();

  /**
   * Saves the trained model to a directory: the model and {@code metadata.json}.
   *
   * @param directory the directory (created if missing)
   * @throws IOException when it cannot be written
   * @throws dev.pfms.api.ModelException when there is nothing trained to save
   */
  void save(Path directory) throws IOException;
}
