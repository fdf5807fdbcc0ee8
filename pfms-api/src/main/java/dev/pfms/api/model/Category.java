package dev.pfms.api.model;

import java.util.Objects;

/**
 * A spending category: a unique code and the primary group it belongs to (a two-level taxonomy in
 * the spirit of personal-finance category standards, e.g. {@code FOOD_AND_DRINK_COFFEE} in
 * {@code FOOD_AND_DRINK}).
 *
 * <p>Codes are free-form so that user labels and other taxonomies work too; {@link Taxonomy} knows
 * the shipped ones and their display names. Two categories are equal when their codes are equal.
 *
 * @param code the unique code (detailed level, or a primary code used on its own)
 * @param primary the primary group code; equal to {@code code} for a top-level category
 */
public record Category(String code, String primary) {

  /** What a categorizer answers when it cannot decide; always with {@code needsReview}. */
  public static final Category UNCATEGORIZED = new Category("UNCATEGORIZED", "UNCATEGORIZED");

  /** Validates the fields. */
  public Category {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(primary, "primary");
    if (code.isBlank()) {
      throw new IllegalArgumentException("category code must not be blank");
    }
  }

  /**
   * A category by code, with its primary group taken from the standard taxonomy when the code is
   * known there, and the code itself otherwise.
   *
   * @param code the code
   * @return the category
   */
  public static Category of(String code) {
    return Taxonomy.standard().find(code).orElseGet(() -> new Category(code, code));
  }

  /**
   * Whether this is a top-level category.
   *
   * @return true when code equals primary
   */
  public boolean isPrimary() {
    return code.equals(primary);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Category c && c.code.equals(code);
  }

  @Override
  public int hashCode() {
    return code.hashCode();
  }

  /** Returns the code. */
  @Override
  public String toString() {
    return code;
  }
}
