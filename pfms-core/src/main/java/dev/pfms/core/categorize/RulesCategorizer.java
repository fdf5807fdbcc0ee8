package dev.pfms.core.categorize;

import dev.pfms.api.categorize.CascadeCategorizer;
import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.TrainingData;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Categorizes by rules: the user's explicit rules first (in order), then exact-merchant rules learned
 * from corrections (a correction takes effect at once), then — when enabled — merchant rules learned
 * from training data where a merchant's label is unanimous.
 *
 * <p>When nothing matches the prediction is {@link Category#UNCATEGORIZED} with confidence 0 and
 * {@code needsReview}, so a {@link CascadeCategorizer} passes the transaction to the next stage.
 * Thread-safe.
 */
public final class RulesCategorizer implements Categorizer {

  static final String MODEL = "rules";

  private final List<Rule> userRules;
  private final boolean learnFromTraining;
  private final int minExamples;
  private final CorrectionStore corrections;
  private final Map<String, Category> corrected = new ConcurrentHashMap<>();
  private volatile Map<String, Category> learned = Map.of();
  private volatile List<Transaction> lastTraining = List.of();
  private volatile ModelMetadata metadata;

  /**
   * Creates a rules categorizer.
   *
   * @param userRules explicit rules, tried in order
   * @param learnFromTraining whether {@link #train} learns unanimous merchant rules
   * @param minExamples how many unanimous examples a learned merchant rule needs
   * @param corrections where corrections are kept (they are replayed at construction)
   */
  public RulesCategorizer(List<Rule> userRules, boolean learnFromTraining, int minExamples,
      CorrectionStore corrections) {
    this.userRules = List.copyOf(userRules);
    this.learnFromTraining = learnFromTraining;
    this.minExamples = minExamples;
    this.corrections = corrections;
    for (CorrectionStore.Correction c : corrections.all()) {
      corrected.put(c.merchant(), c.category());
    }
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    Map<String, Category> rules = new HashMap<>();
    if (learnFromTraining) {
      Map<String, Map<Category, Integer>> counts = new HashMap<>();
      for (Transaction t : labelled) {
        Category c = t.findCategory().orElseThrow(() -> new IllegalArgumentException(
            "training transaction " + t.id() + " has no category"));
        counts.computeIfAbsent(t.merchant(), k -> new HashMap<>()).merge(c, 1, Integer::sum);
      }
      counts.forEach((merchant, byCat) -> {
        if (byCat.size() == 1) {
          Map.Entry<Category, Integer> e = byCat.entrySet().iterator().next();
          if (e.getValue() >= minExamples) {
            rules.put(merchant, e.getKey());
          }
        }
      });
    } else {
      for (Transaction t : labelled) {
        t.findCategory().orElseThrow(() -> new IllegalArgumentException(
            "training transaction " + t.id() + " has no category"));
      }
    }
    learned = Map.copyOf(rules);
    lastTraining = List.copyOf(labelled);
    TreeSet<String> labels = new TreeSet<>();
    labelled.forEach(t -> labels.add(t.category().code()));
    corrected.values().forEach(c -> labels.add(c.code()));
    ModelMetadata m = new ModelMetadata(MODEL, 1, TrainingData.hash(labelled), labelled.size(),
        List.copyOf(labels), Map.of("learnedRules", (double) rules.size(), "correctionRules",
        (double) corrected.size()), Instant.now(), Map.of("learnFromTraining", String.valueOf(learnFromTraining),
        "minExamples", String.valueOf(minExamples)));
    metadata = m;
    return m;
  }

  @Override
  public Prediction categorize(Transaction t) {
    for (Rule r : userRules) {
      if (r.matches(t)) {
        return new Prediction(r.category(), 1.0, List.of(), List.of("user rule: " + r.name()), false, MODEL);
      }
    }
    Category c = corrected.get(t.merchant());
    if (c != null) {
      return new Prediction(c, 1.0, List.of(), List.of("your correction for merchant " + t.merchant()), false, MODEL);
    }
    c = learned.get(t.merchant());
    if (c != null) {
      return new Prediction(c, 0.99, List.of(), List.of("every training example of merchant " + t.merchant()
          + " is " + c.code()), false, MODEL);
    }
    return new Prediction(Category.UNCATEGORIZED, 0.0, List.of(), List.of("no rule matches merchant " + t.merchant()),
        true, MODEL);
  }

  @Override
  public void correct(Transaction transaction, Category category) {
    corrections.add(CorrectionStore.Correction.of(transaction, category, Instant.now()));
    corrected.put(transaction.merchant(), category);
  }

  @Override
  public ModelMetadata retrain() {
    return train(lastTraining);
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    return Optional.ofNullable(metadata);
  }

  @Override
  public void save(Path directory) throws IOException {
    throw new ModelException("the rules categorizer keeps its state in its correction store, not in a saved model");
  }

  /**
   * The user rules, learned merchant rules and correction rules, for display.
   *
   * @return descriptions of every rule
   */
  public List<String> describeRules() {
    List<String> out = new ArrayList<>();
    userRules.forEach(r -> out.add("user: " + r.name() + " -> " + r.category()));
    corrected.forEach((m, c) -> out.add("correction: " + m + " -> " + c));
    learned.forEach((m, c) -> out.add("learned: " + m + " -> " + c));
    return out;
  }

  @Override
  public String toString() {
    return "RulesCategorizer[" + userRules.size() + " user rules, " + corrected.size() + " corrections, "
        + learned.size() + " learned]";
  }
}
