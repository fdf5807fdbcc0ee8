package dev.pfms.ml.categorize;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.categorize.UserRules;
import dev.pfms.core.categorize.RulesCategorizerProvider;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.ml.gbm.GbmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code tfidf-gbm} categorizer: word and character n-gram TF-IDF over normalized bank text plus
 * amount and weekday features (stage 1), then Smile gradient-boosted trees (stage 2), scored through
 * a compiled flat-array ensemble. Confidences are temperature-calibrated on a held-out split.
 *
 * <p>Built on {@link ModelCategorizer}: by default ({@code cascade=true}) user rules from {@code rules}
 * decide first, then corrections (at once, for the corrected merchant), then the model; with
 * {@code cascade=false} the model decides alone and corrections join the next retrain. Corrections
 * are kept in one {@link CorrectionStore} (in memory, or the JSON-lines file given by
 * {@code corrections}), and every training includes every correction.
 *
 * <p>Stateless and cheap: nothing is loaded or trained until {@link #create} / {@link #load} and
 * {@code train}.
 */
public final class TfidfGbmProvider implements CategorizerProvider {

  /** Put the rules stage in front of the model. */
  public static final ConfigKey<Boolean> CASCADE = ConfigKey.ofBoolean("cascade", true,
      "put the rules stage (user rules, corrections) in front of the model");
  /** JSON-lines correction file. */
  public static final ConfigKey<Path> CORRECTIONS = ConfigKey.ofPath("corrections", null,
      "JSON-lines file where corrections are kept (in memory when absent)");
  /** User rules for the rules stage. */
  public static final ConfigKey<Path> RULES = ConfigKey.ofPath("rules", null,
      "JSON file of user rules for the rules stage (cascade only)");
  /** Boosting rounds. */
  public static final ConfigKey<Integer> TREES = ConfigKey.ofInt("trees", 20, "boosting rounds (trees per label)").withRange(1, 10_000);
  /** Tree depth. */
  public static final ConfigKey<Integer> MAX_DEPTH = ConfigKey.ofInt("max-depth", 6, "deepest a tree may grow").withRange(1, 64);
  /** Leaves per tree. */
  public static final ConfigKey<Integer> MAX_NODES = ConfigKey.ofInt("max-nodes", 8, "most leaves per tree").withRange(2, 4096);
  /** Smallest leaf. */
  public static final ConfigKey<Integer> NODE_SIZE = ConfigKey.ofInt("node-size", 1,
      "fewest training rows in a leaf (1 lets a label with one example be learned)").withRange(1, 1_000_000);
  /** Learning rate. */
  public static final ConfigKey<Double> SHRINKAGE = ConfigKey.ofDouble("shrinkage", 0.3, "learning rate in (0,1]").withRange(1e-6, 1.0);
  /** Row sub-sampling. */
  public static final ConfigKey<Double> SUBSAMPLE = ConfigKey.ofDouble("subsample", 1.0,
      "fraction of rows each boosting round sees").withRange(1e-6, 1.0);
  /** Random seed. */
  public static final ConfigKey<Integer> SEED = ConfigKey.ofInt("seed", 42, "random seed (splits, sub-sampling)");
  /** Split search of the boosting: {@code histogram} (binned, ADR 0017) or {@code exact} (Smile's CART). */
  public static final ConfigKey<String> SPLITS = ConfigKey.ofString("splits", "histogram",
      "split search of the boosting: histogram (binned, fast) or exact (Smile's CART)");
  /** Vocabulary size. */
  public static final ConfigKey<Integer> VOCABULARY = ConfigKey.ofInt("vocabulary", 50_000,
      "largest TF-IDF vocabulary (most frequent n-grams)").withRange(1, 10_000_000);
  /** Selected text features. */
  public static final ConfigKey<Integer> FEATURES = ConfigKey.ofInt("features", 200,
      "n-grams kept for stage 2, chosen by chi-squared per label").withRange(1, 100_000);
  /** Review threshold. */
  public static final ConfigKey<Double> REVIEW_THRESHOLD = ConfigKey.ofDouble("review-threshold", 0.5,
      "below this calibrated confidence a prediction is marked needsReview").withRange(0.0, 1.0);
  /** Held-out share. */
  public static final ConfigKey<Double> HOLDOUT = ConfigKey.ofDouble("holdout", 0.2,
      "share of each label held out to measure the model and fit the temperature (0 = none)").withRange(0.0, 0.9);
  /** Temperature scaling. */
  public static final ConfigKey<Boolean> CALIBRATE = ConfigKey.ofBoolean("calibrate", true,
      "fit a softmax temperature on the held-out split (applied when it lowers the held-out ECE)");

  private static final List<ConfigKey<?>> OPTIONS = java.util.stream.Stream.concat(java.util.stream.Stream.of(
      CASCADE, CORRECTIONS, RULES, TREES, MAX_DEPTH, MAX_NODES, NODE_SIZE, SHRINKAGE, SUBSAMPLE, SEED, SPLITS,
      VOCABULARY, FEATURES, REVIEW_THRESHOLD, HOLDOUT, CALIBRATE), dev.pfms.api.categorize.PayeeMap.OPTIONS.stream())
      .toList();

  /** Creates the provider (ServiceLoader). */
  public TfidfGbmProvider() {}

  @Override
  public String name() {
    return TfidfGbmModel.PROVIDER;
  }

  @Override
  public String description() {
    return "TF-IDF word/char n-grams + amount/weekday -> Smile gradient boosting, behind user rules and corrections";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return OPTIONS;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Categorizer create(ProviderConfig config) {
    return builder(config).build();
  }

  /**
   * Loads a saved model (format 1 of pfms 0.1, or 2). Options saved with the model are its defaults;
   * options given here win. Corrections come from the {@code corrections} file; a format-1 directory's
   * own {@code corrections.jsonl} is added to an in-memory store when no file is given.
   */
  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    ProviderConfig merged = config;
    for (Map.Entry<String, String> e : ModelCategorizer.readMetadata(directory).parameters().entrySet()) {
      String key = ConfigKey.canonical(e.getKey());
      if (!config.keys().contains(key) && OPTIONS.stream().anyMatch(k -> k.name().equals(key))) {
        merged = merged.with(e.getKey(), e.getValue());
      }
    }
    merged = merged.validate(name(), OPTIONS);
    CorrectionStore store = store(merged);
    Path legacy = directory.resolve("corrections.jsonl");
    if (merged.get(CORRECTIONS) == null && Files.isRegularFile(legacy)) {
      CorrectionStore.jsonLines(legacy).all().forEach(store::add);
    }
    return builder(merged, store).load(directory);
  }

  private static CorrectionStore store(ProviderConfig config) {
    Path file = config.get(CORRECTIONS);
    return file == null ? CorrectionStore.inMemory() : CorrectionStore.jsonLines(file);
  }

  private static ModelCategorizer.Builder builder(ProviderConfig config) {
    return builder(config, store(config));
  }

  private static ModelCategorizer.Builder builder(ProviderConfig config, CorrectionStore store) {
    boolean cascade = config.get(CASCADE);
    return ModelCategorizer.builder(new TfidfGbmTrainer(settings(config))).corrections(store)
        .payees(dev.pfms.api.categorize.PayeeMap.fromConfig(config))
        .rules(cascade ? RulesCategorizerProvider.userRules(config.get(RULES)) : UserRules.NONE)
        .correctionsApplyAtOnce(cascade);
  }

  private static GbmOptions.Splits splits(String value) {
    return switch (value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "histogram" -> GbmOptions.Splits.HISTOGRAM;
      case "exact" -> GbmOptions.Splits.EXACT;
      default -> throw new IllegalArgumentException("option 'splits' must be histogram or exact: " + value);
    };
  }

  static Settings settings(ProviderConfig c) {
    GbmOptions gbm = new GbmOptions(c.get(TREES), c.get(MAX_DEPTH), c.get(MAX_NODES), c.get(NODE_SIZE),
        c.get(SHRINKAGE), c.get(SUBSAMPLE), c.get(SEED)).withSplits(splits(c.get(SPLITS)));
    return new Settings(gbm, c.get(VOCABULARY), c.get(FEATURES), c.get(REVIEW_THRESHOLD), c.get(HOLDOUT),
        c.get(CALIBRATE));
  }
}
