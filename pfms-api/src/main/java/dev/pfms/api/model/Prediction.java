package dev.pfms.api.model;

import java.util.List;
import java.util.Objects;

/**
 * A categorization with its evidence.
 *
 * @param category the chosen category
 * @param confidence calibrated confidence in [0, 1]
 * @param alternatives the next most likely categories, best first (at most a few; never the chosen one)
 * @param explanation human-readable reasons (tokens, features or the rule that decided)
 * @param needsReview true when confidence is below the categorizer's review threshold: the category
 *     is the best guess, and a person should confirm it
 * @param model which provider (and stage) decided, e.g. {@code "rules"} or {@code "tfidf-gbm"}
 */
public record Prediction(
    Category category,
    double confidence,
    List<ScoredCategory> alternatives,
    List<String> explanation,
    boolean needsReview,
    String model) {

  /** Validates the fields and copies the lists. */
  public Prediction {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(model, "model");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0,1]: " + confidence);
    }
    alternatives = List.copyOf(alternatives);
    explanation = List.copyOf(explanation);
    for (ScoredCategory a : alternatives) {
      if (a.category().equals(category)) {
        throw new IllegalArgumentException("alternatives must not repeat the chosen category " + category);
      }
    }
  }
}
