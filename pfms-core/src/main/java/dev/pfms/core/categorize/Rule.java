package dev.pfms.core.categorize;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user rule: when a transaction matches, it gets the rule's category, whatever any model says.
 *
 * <p>A rule matches on the merchant key (exact), a regular expression over the raw description, an
 * amount range, or a combination (all given conditions must hold). Immutable and thread-safe.
 *
 * @param name a name shown in explanations
 * @param category the category it assigns
 * @param merchant the exact merchant key ({@link dev.pfms.api.model.Merchants#normalize}) or {@code null}
 * @param descriptionPattern a regex searched in the upper-cased description, or {@code null}
 * @param minAmount the smallest signed amount (inclusive), or {@code null}
 * @param maxAmount the largest signed amount (inclusive), or {@code null}
 */
public record Rule(
    String name, Category category, String merchant, Pattern descriptionPattern, BigDecimal minAmount,
    BigDecimal maxAmount) {

  /** Validates the rule. */
  public Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
    if (merchant == null && descriptionPattern == null && minAmount == null && maxAmount == null) {
      throw new IllegalArgumentException("rule '" + name + "' has no condition");
    }
    if (minAmount != null && maxAmount != null && minAmount.compareTo(maxAmount) > 0) {
      throw new IllegalArgumentException("rule '" + name + "': minAmount > maxAmount");
    }
  }

  /**
   * A rule on the exact merchant key.
   *
   * @param merchant the merchant key
   * @param category the category
   * @return the rule
   */
  public static Rule merchant(String merchant, Category category) {
    return new Rule("merchant = " + merchant, category, merchant, null, null, null);
  }

  /**
   * A rule on a regular expression over the description (case-insensitive).
   *
   * @param regex the expression
   * @param category the category
   * @return the rule
   */
  public static Rule description(String regex, Category category) {
    return new Rule("description ~ /" + regex + "/", category, null,
        Pattern.compile(regex, Pattern.CASE_INSENSITIVE), null, null);
  }

  /**
   * Whether the rule matches a transaction.
   *
   * @param t the transaction
   * @return true when every condition holds
   */
  public boolean matches(Transaction t) {
    if (merchant != null && !merchant.equals(t.merchant())) {
      return false;
    }
    if (descriptionPattern != null && !descriptionPattern.matcher(t.description().toUpperCase(Locale.ROOT)).find()
        && !descriptionPattern.matcher(t.description()).find()) {
      return false;
    }
    BigDecimal a = t.amount().amount();
    if (minAmount != null && a.compareTo(minAmount) < 0) {
      return false;
    }
    return maxAmount == null || a.compareTo(maxAmount) <= 0;
  }
}
