package dev.pfms.api.store;

import dev.pfms.api.model.Category;
import java.time.Instant;
import java.util.Objects;

/**
 * A payee whose category was learned from the user's corrections.
 *
 * @param merchant the normalized merchant
 * @param category its category
 * @param learnedAt when it was last learned
 */
public record LearnedPayee(String merchant, Category category, Instant learnedAt) {

  /** Validates the fields. */
  public LearnedPayee {
    Objects.requireNonNull(merchant, "merchant");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(learnedAt, "learnedAt");
  }

  /** Shows the category only: a merchant can be a person's name. */
  @Override
  public String toString() {
    return "LearnedPayee[-> " + category + "]";
  }
}
