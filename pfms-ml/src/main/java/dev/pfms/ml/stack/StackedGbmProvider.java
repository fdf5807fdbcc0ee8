package dev.pfms.ml.stack;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.categorize.UserRules;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.categorize.RulesCategorizerProvider;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.gbm.GbmOptions;
import dev.pfms.api.categorize.PayeeMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code stacked-gbm} categorizer: stage 1 turns each transaction into neighbour evidence over
 * the labelled history (TF-IDF word and character n-grams, and sentence embeddings when the DJL
 * engine is on the class path) plus amount, sign, date, account, counterparty, recurring-series and
 * zero-shot features per candidate label; stage 2 is Smile gradient boosting that scores each
 * candidate; confidences are calibrated on out-of-fold scores, with a "none of these" share that,
 * with the nearest-similarity test, flags transactions unlike anything in training for review.
 *
 * <p>Built on {@link ModelCategorizer}: by default ({@code cascade=true}) user rules from
 * {@code rules} decide first, then corrections (at once, for the corrected merchant), then the
 * model; corrections are kept in one {@link CorrectionStore} and join every training; models save
 * and load through the shared saved-model format. Stateless and cheap: nothing is loaded until
 * {@code train} or {@code load}.
 */
public final class StackedGbmProvider implements CategorizerProvider {

  /** Put the rules stage in front of the model. */
  public static final ConfigKey<Boolean> CASCADE = ConfigKey.ofBoolean("cascade", true,
      "put the rules stage (user rules, corrections) in front of the model");
  /** JSON-lines correction file. */
  public static final ConfigKey<Path> CORRECTIONS = ConfigKey.ofPath("corrections", null,
      "JSON-lines file where corrections are kept (in memory when absent)");
  /** User rules. */
  public static final ConfigKey<Path> RULES = ConfigKey.ofPath("rules", null,
      "JSON file of user rules for the rules stage (cascade only)");
  /** Embeddings. */
  public static final ConfigKey<String> EMBEDDINGS = ConfigKey.ofString("embeddings", "auto",
      "auto = use sentence embeddings when the DJL engine and model are on the class path; off = TF-IDF only");
  /** Embedding model. */
  public static final ConfigKey<String> MODEL = ConfigKey.ofString("model", "minilm",
      "embedding model: minilm, minilm-q or a directory");
  /** DJL cache. */
  public static final ConfigKey<Path> CACHE_DIR = ConfigKey.ofPath("cache-dir",
      Path.of(System.getProperty("user.home"), ".cache", "pfms", "djl"), "where DJL natives and the model go");
  /** Boosting rounds. */
  public static final ConfigKey<Integer> TREES = ConfigKey.ofInt("trees", 80, "stage-2 boosting rounds");
  /** Depth. */
  public static final ConfigKey<Integer> MAX_DEPTH = ConfigKey.ofInt("max-depth", 4, "deepest a stage-2 tree grows");
  /** Leaves. */
  public static final ConfigKey<Integer> MAX_NODES = ConfigKey.ofInt("max-nodes", 12, "most leaves per tree");
  /** Leaf size. */
  public static final ConfigKey<Integer> NODE_SIZE = ConfigKey.ofInt("node-size", 3, "fewest rows in a leaf");
  /** Learning rate. */
  public static final ConfigKey<Double> SHRINKAGE = ConfigKey.ofDouble("shrinkage", 0.1, "learning rate in (0,1]");
  /** Row sub-sampling. */
  public static final ConfigKey<Double> SUBSAMPLE = ConfigKey.ofDouble("subsample", 0.8,
      "fraction of rows each boosting round sees");
  /** Seed. */
  public static final ConfigKey<Integer> SEED = ConfigKey.ofInt("seed", 42, "random seed");
  /** Vocabulary. */
  public static final ConfigKey<Integer> VOCABULARY = ConfigKey.ofInt("vocabulary", 50_000, "largest TF-IDF vocabulary");
  /** Candidates. */
  public static final ConfigKey<Integer> CANDIDATES = ConfigKey.ofInt("candidates", 8,
      "candidate labels per transaction (the strongest by any text view)");
  /** Calibration folds. */
  public static final ConfigKey<Integer> CALIBRATION_FOLDS = ConfigKey.ofInt("calibration-folds", 3,
      "inner folds whose out-of-fold stage-2 scores fit the temperature (0 = none)");
  /** Review threshold. */
  public static final ConfigKey<Double> REVIEW_THRESHOLD = ConfigKey.ofDouble("review-threshold", 0.5,
      "below this calibrated confidence a prediction needs review");
  /** Hierarchy fallback. */
  public static final ConfigKey<Boolean> HIERARCHY = ConfigKey.ofBoolean("hierarchy", true,
      "answer the primary category when the detailed one is unsure but its primary is sure");
  /** OOD by TF-IDF. */
  public static final ConfigKey<Double> OOD_TFIDF = ConfigKey.ofDouble("ood-tfidf", 0.35,
      "below this nearest TF-IDF similarity a transaction is unlike the training set (needs review)");
  /** OOD by embedding. */
  public static final ConfigKey<Double> OOD_EMBEDDING = ConfigKey.ofDouble("ood-embedding", 0.6,
      "... and below this nearest embedding similarity, when embeddings are used");
  /** Deduplication of the labelled history. */
  public static final ConfigKey<Integer> MAX_PER_TEXT = ConfigKey.ofInt("max-per-text", 8,
      "most recent labelled rows kept per (normalized description, label) for training (0 = all)");
  /** Per-label cap of the labelled history. */
  public static final ConfigKey<Integer> MAX_PER_LABEL = ConfigKey.ofInt("max-per-label", 500,
      "most labelled rows per label for training, a seeded sample across its merchants (0 = all)");

  /** Learned payees (file): {@link PayeeMap#FILE_OPTION}. */
  public static final ConfigKey<Path> PAYEES = PayeeMap.FILE_OPTION;
  /** Learned payees (shared object): {@link PayeeMap#MAP_OPTION}. */
  public static final ConfigKey<PayeeMap> PAYEE_MAP = PayeeMap.MAP_OPTION;
  /** Payee suggestions until confirmed: {@link PayeeMap#CONFIRM_OPTION}. */
  public static final ConfigKey<Boolean> CONFIRM_PAYEES = PayeeMap.CONFIRM_OPTION;

  private static final List<ConfigKey<?>> OPTIONS = List.of(CASCADE, CORRECTIONS, RULES, EMBEDDINGS, MODEL,
      CACHE_DIR, TREES, MAX_DEPTH, MAX_NODES, NODE_SIZE, SHRINKAGE, SUBSAMPLE, SEED, VOCABULARY, CANDIDATES,
      CALIBRATION_FOLDS, REVIEW_THRESHOLD, HIERARCHY, OOD_TFIDF, OOD_EMBEDDING, MAX_PER_TEXT, MAX_PER_LABEL, PAYEES,
      PAYEE_MAP, CONFIRM_PAYEES);

  /** Creates the provider (ServiceLoader). */
  public StackedGbmProvider() {}

  @Override
  public String name() {
    return StackedModel.PROVIDER;
  }

  @Override
  public String description() {
    return "neighbour evidence (TF-IDF, embeddings when present) + amount/date/counterparty features -> "
        + "Smile gradient boosting over candidate labels, calibrated, flags unfamiliar merchants";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return OPTIONS;
  }

  /** 30: above {@code embedding-gbm} (20) and {@code tfidf-gbm} (10), the best by the shared evaluation. */
  @Override
  public int priority() {
    return 30;
  }

  @Override
  public Categorizer create(ProviderConfig config) {
    return builder(config).build();
  }

  /**
   * Loads a saved model. A model fitted with sentence embeddings needs them here too (the same
   * embedding model); the options that shape scoring are the saved ones.
   */
  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    return builder(config).load(directory);
  }

  private static ModelCategorizer.Builder builder(ProviderConfig config) {
    String mode = config.get(EMBEDDINGS);
    if (!mode.equals("auto") && !mode.equals("off")) {
      throw new IllegalArgumentException("option 'embeddings' must be auto or off: " + mode);
    }
    StackOptions options = new StackOptions(new GbmOptions(config.get(TREES), config.get(MAX_DEPTH),
        config.get(MAX_NODES), config.get(NODE_SIZE), config.get(SHRINKAGE), config.get(SUBSAMPLE), config.get(SEED)),
        config.get(VOCABULARY), config.get(CANDIDATES), config.get(CALIBRATION_FOLDS), config.get(REVIEW_THRESHOLD),
        config.get(HIERARCHY), config.get(OOD_TFIDF), config.get(OOD_EMBEDDING));
    Path file = config.get(CORRECTIONS);
    CorrectionStore store = file == null ? CorrectionStore.inMemory() : CorrectionStore.jsonLines(file);
    String model = config.get(MODEL);
    Path cache = config.get(CACHE_DIR);
    Supplier<Optional<OptionalEmbeddings>> embeddings = mode.equals("off") ? Optional::empty
        : memoize(() -> OptionalEmbeddings.open(model, cache, 50_000));
    PayeeMap payees = PayeeMap.fromConfig(config);
    boolean cascade = config.get(CASCADE);
    TrainingBounds bounds = new TrainingBounds(config.get(MAX_PER_TEXT), config.get(MAX_PER_LABEL), config.get(SEED));
    return ModelCategorizer.builder(new StackedGbmTrainer(options, embeddings, bounds)).corrections(store)
        .payees(payees).rules(cascade ? RulesCategorizerProvider.userRules(config.get(RULES)) : UserRules.NONE)
        .correctionsApplyAtOnce(cascade);
  }

  static <T> Supplier<T> memoize(Supplier<T> s) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }
}
