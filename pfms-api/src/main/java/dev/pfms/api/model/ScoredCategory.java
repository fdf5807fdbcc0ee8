package dev.pfms.api.model;

import java.util.Objects;

/**
 * A category with the probability a model gives it.
 *
 * @param category the category
 * @param probability in [0, 1]
 */
public record ScoredCategory(Category category, double probability) {

  /** Validates the fields. */
  public ScoredCategory {
    Objects.requireNonNull(category, "category");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0,1]: " + probability);
    }
  }
}
