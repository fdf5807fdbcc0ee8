package dev.pfms.examples.cli;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.store.CategorySource;
import dev.pfms.api.store.StoredTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The categories the store already holds, with their provenance, for {@code analyze --db}: a stored
 * category (the user's, a rule's or a registry model's) is answered as it is, never re-guessed; only
 * transactions without one go to the fallback categorizer. Not thread-safe (the pipeline calls it once).
 */
final class StoredCategorizer implements Categorizer {

  private final Map<String, StoredTransaction> stored;
  private final Categorizer fallback;

  /**
   * @param stored the store's transactions by id
   * @param fallback categorizes the rest, or {@code null} when every transaction has a category
   */
  StoredCategorizer(Map<String, StoredTransaction> stored, Categorizer fallback) {
    this.stored = stored;
    this.fallback = fallback;
  }

  /** The provenance label of a stored category: {@code user}, {@code rule} or the model's {@code name@version}. */
  static String provenance(StoredTransaction s) {
    if (s.categorySource() == CategorySource.MODEL) {
      return s.modelVersion() == null ? "model" : s.modelVersion();
    }
    return s.categorySource().name().toLowerCase(Locale.ROOT);
  }

  private Prediction storedPrediction(StoredTransaction s) {
    Category c = s.transaction().category();
    String why = switch (s.categorySource()) {
      case USER -> "your decision (kept in the store)";
      case RULE -> "set by a rule (kept in the store)";
      case MODEL -> "set by " + provenance(s) + " (kept in the store)";
    };
    return new Prediction(c, 1.0, List.of(), List.of(why), false, "store:" + provenance(s));
  }

  private StoredTransaction categorized(Transaction t) {
    StoredTransaction s = stored.get(t.id());
    return s != null && s.categorySource() != null && s.transaction().category() != null ? s : null;
  }

  @Override
  public Prediction categorize(Transaction transaction) {
    StoredTransaction s = categorized(transaction);
    if (s != null) {
      return storedPrediction(s);
    }
    return need().categorize(transaction);
  }

  @Override
  public List<Prediction> categorizeAll(List<Transaction> transactions) {
    List<Transaction> rest = new ArrayList<>();
    for (Transaction t : transactions) {
      if (categorized(t) == null) {
        rest.add(t);
      }
    }
    List<Prediction> guessed = rest.isEmpty() ? List.of() : need().categorizeAll(rest);
    List<Prediction> out = new ArrayList<>(transactions.size());
    int k = 0;
    for (Transaction t : transactions) {
      StoredTransaction s = categorized(t);
      out.add(s != null ? storedPrediction(s) : guessed.get(k++));
    }
    return out;
  }

  private Categorizer need() {
    if (fallback == null) {
      throw new IllegalStateException("a transaction without a stored category and no categorizer for it");
    }
    return fallback;
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    return need().train(labelled);
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled, Collection<Category> categories) {
    return need().train(labelled, categories);
  }

  @Override
  public void correct(Transaction transaction, Category category) {
    need().correct(transaction, category);
  }

  @Override
  public ModelMetadata retrain() {
    return need().retrain();
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    return fallback == null ? Optional.empty() : fallback.metadata();
  }

  @Override
  public void save(Path directory) throws IOException {
    need().save(directory);
  }
}
