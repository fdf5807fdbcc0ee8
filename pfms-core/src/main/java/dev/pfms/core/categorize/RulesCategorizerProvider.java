package dev.pfms.core.categorize;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.categorize.UserRules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Category;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code rules} categorizer: user rules, then corrections (applied at once to the merchant), then
 * — when enabled — unanimous merchant rules learned from training data; built on
 * {@link ModelCategorizer}. No ML dependency. When nothing matches the prediction is
 * {@link Category#UNCATEGORIZED} with confidence 0 and {@code needsReview}, so a
 * {@link dev.pfms.api.categorize.CascadeCategorizer} passes the transaction to its next stage.
 *
 * <p>A rules file is a JSON array of objects with {@code category} and any of {@code merchant},
 * {@code description} (a regex), {@code minAmount}, {@code maxAmount}, and an optional {@code name}.
 */
public final class RulesCategorizerProvider implements CategorizerProvider {

  /** A JSON file of user rules. */
  public static final ConfigKey<Path> RULES = ConfigKey.ofPath("rules", null, "JSON file of user rules");
  /** Whether training learns unanimous merchant rules. */
  public static final ConfigKey<Boolean> LEARN_FROM_TRAINING = ConfigKey.ofBoolean("learn-from-training", true,
      "learn merchant -> category rules from training data where a merchant's label is unanimous");
  /** How many unanimous examples make a learned rule. */
  public static final ConfigKey<Integer> MIN_EXAMPLES = ConfigKey.ofInt("min-examples", 1,
      "unanimous training examples a learned merchant rule needs").withRange(1, 1_000_000);
  /** A JSON-lines file keeping corrections across runs. */
  public static final ConfigKey<Path> CORRECTIONS = ConfigKey.ofPath("corrections", null,
      "JSON-lines file where corrections are kept (in memory when absent)");
  /** A correction store given programmatically (shared with a model stage). */
  public static final ConfigKey<CorrectionStore> CORRECTION_STORE = ConfigKey.ofObject("correction-store",
      CorrectionStore.class, null, "a CorrectionStore shared with other stages");

  /** Creates the provider (ServiceLoader). */
  public RulesCategorizerProvider() {}

  @Override
  public String name() {
    return "rules";
  }

  @Override
  public String description() {
    return "user rules, corrections and unanimous merchant rules; no ML";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(RULES, LEARN_FROM_TRAINING, MIN_EXAMPLES,
        CORRECTIONS, CORRECTION_STORE), dev.pfms.api.categorize.PayeeMap.OPTIONS.stream()).toList();
  }

  @Override
  public Categorizer create(ProviderConfig config) {
    return builder(config).build();
  }

  /** Loads learned merchant rules saved by {@link Categorizer#save(Path)}; user rules come from {@code rules}. */
  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    return builder(config).load(directory);
  }

  private static ModelCategorizer.Builder builder(ProviderConfig config) {
    CorrectionStore store = config.get(CORRECTION_STORE);
    if (store == null) {
      Path p = config.get(CORRECTIONS);
      store = p == null ? CorrectionStore.inMemory() : CorrectionStore.jsonLines(p);
    }
    int min = config.get(MIN_EXAMPLES);
    return ModelCategorizer.builder(new RulesModel.Trainer(config.get(LEARN_FROM_TRAINING), min))
        .rules(userRules(config.get(RULES))).corrections(store)
        .payees(dev.pfms.api.categorize.PayeeMap.fromConfig(config));
  }

  /**
   * The user rules of a JSON rules file, for the first stage of any {@link ModelCategorizer}
   * (the ML providers put them in front of their models).
   *
   * @param file the rules file, or null for none
   * @return the rules
   * @throws PfmsException naming the file and the rule index when a rule is invalid
   */
  public static UserRules userRules(Path file) {
    return file == null ? UserRules.NONE : new RuleSet(readRules(file));
  }

  /**
   * Reads a JSON rules file.
   *
   * @param file the file
   * @return the rules, in file order
   * @throws PfmsException naming the file and the rule index when a rule is invalid
   */
  public static List<Rule> readRules(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new PfmsException("cannot read rules file " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new PfmsException(file + ": a rules file is a JSON array of rule objects");
    }
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode n = root.get(i);
      try {
        String cat = text(n, "category");
        if (cat == null) {
          throw new IllegalArgumentException("field 'category' is required");
        }
        String regex = text(n, "description");
        String name = text(n, "name");
        Rule r = new Rule(name != null ? name : "rule " + (i + 1), Category.of(cat), text(n, "merchant"),
            regex == null ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE),
            decimal(n, "minAmount"), decimal(n, "maxAmount"));
        out.add(r);
      } catch (IllegalArgumentException e) {
        throw new PfmsException(file + ": rule " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static BigDecimal decimal(JsonNode n, String field) {
    String s = text(n, field);
    if (s == null) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field '" + field + "': not a number: " + s, e);
    }
  }
}
