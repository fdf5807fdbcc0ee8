package dev.pfms.api.store;

import dev.pfms.api.model.Category;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A user rule as stored: a category applied when every given condition holds (the rules
 * categorizer's {@code Rule}, without a compiled pattern).
 *
 * @param name the unique rule name
 * @param category the category it sets
 * @param merchant the exact normalized merchant, or {@code null}
 * @param descriptionRegex a case-insensitive regular expression on the description, or {@code null}
 * @param minAmount the smallest signed amount, or {@code null}
 * @param maxAmount the largest signed amount, or {@code null}
 */
public record RuleRecord(String name, Category category, String merchant, String descriptionRegex,
    BigDecimal minAmount, BigDecimal maxAmount) {

  /** Validates the fields. */
  public RuleRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
    if (merchant == null && descriptionRegex == null && minAmount == null && maxAmount == null) {
      throw new IllegalArgumentException("rule '" + name + "' has no condition");
    }
  }
}
