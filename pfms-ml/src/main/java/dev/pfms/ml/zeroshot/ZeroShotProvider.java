package dev.pfms.ml.zeroshot;

import dev.pfms.api.categorize.CorrectionStore;
import dev.pfms.api.categorize.ModelCategorizer;
import dev.pfms.api.categorize.UserRules;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.categorize.RulesCategorizerProvider;
import dev.pfms.ml.embed.OptionalEmbeddings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code zero-shot} categorizer: needs no labels. A shipped merchant lexicon, then the
 * similarity of the description to the standard categories' descriptions (TF-IDF, plus sentence
 * embeddings when the DJL engine is present). Labelled examples, when given, are used for close
 * matches. Built on {@link ModelCategorizer}: user rules and corrections (at once, by default)
 * decide first; it predicts before any training, and saves and loads like every categorizer.
 *
 * <p>Stateless and cheap: nothing is loaded until the first use.
 */
public final class ZeroShotProvider implements CategorizerProvider {

  /** Rules in front. */
  public static final ConfigKey<Boolean> CASCADE = ConfigKey.ofBoolean("cascade", true,
      "put the rules stage (user rules, corrections) in front");
  /** JSON-lines correction file. */
  public static final ConfigKey<Path> CORRECTIONS = ConfigKey.ofPath("corrections", null,
      "JSON-lines file where corrections are kept (in memory when absent)");
  /** User rules. */
  public static final ConfigKey<Path> RULES = ConfigKey.ofPath("rules", null, "JSON file of user rules");
  /** Embeddings. */
  public static final ConfigKey<String> EMBEDDINGS = ConfigKey.ofString("embeddings", "auto",
      "auto = use sentence embeddings when the DJL engine is present; off = lexicon and TF-IDF only");
  /** Embedding model. */
  public static final ConfigKey<String> MODEL = ConfigKey.ofString("model", "minilm", "embedding model");
  /** DJL cache. */
  public static final ConfigKey<Path> CACHE_DIR = ConfigKey.ofPath("cache-dir",
      Path.of(System.getProperty("user.home"), ".cache", "pfms", "djl"), "where DJL natives and the model go");
  /** Memory similarity. */
  public static final ConfigKey<Double> MEMORY_SIMILARITY = ConfigKey.ofDouble("memory-similarity", 0.6,
      "TF-IDF similarity to a labelled example above which its label is taken");
  /** Review threshold. */
  public static final ConfigKey<Double> REVIEW_THRESHOLD = ConfigKey.ofDouble("review-threshold", 0.5,
      "below this confidence a prediction needs review (similarity-only guesses always do)");

  private static final List<ConfigKey<?>> OPTIONS = java.util.stream.Stream.concat(java.util.stream.Stream.of(
      CASCADE, CORRECTIONS, RULES, EMBEDDINGS, MODEL, CACHE_DIR, MEMORY_SIMILARITY, REVIEW_THRESHOLD),
      dev.pfms.api.categorize.PayeeMap.OPTIONS.stream()).toList();

  /** Creates the provider (ServiceLoader). */
  public ZeroShotProvider() {}

  @Override
  public String name() {
    return ZeroShotTrainer.PROVIDER;
  }

  @Override
  public String description() {
    return "no labels needed: merchant lexicon + similarity to category descriptions (embeddings when present)";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return OPTIONS;
  }

  @Override
  public Categorizer create(ProviderConfig config) {
    return builder(config).build();
  }

  @Override
  public Categorizer load(Path directory, ProviderConfig config) throws IOException {
    return builder(config).load(directory);
  }

  private static ModelCategorizer.Builder builder(ProviderConfig config) {
    String mode = config.get(EMBEDDINGS);
    if (!mode.equals("auto") && !mode.equals("off")) {
      throw new IllegalArgumentException("option 'embeddings' must be auto or off: " + mode);
    }
    Path file = config.get(CORRECTIONS);
    CorrectionStore store = file == null ? CorrectionStore.inMemory() : CorrectionStore.jsonLines(file);
    String model = config.get(MODEL);
    Path cache = config.get(CACHE_DIR);
    Supplier<Optional<OptionalEmbeddings>> embeddings = mode.equals("off") ? Optional::empty
        : () -> OptionalEmbeddings.open(model, cache, 50_000);
    boolean cascade = config.get(CASCADE);
    return ModelCategorizer.builder(new ZeroShotTrainer(embeddings, config.get(MEMORY_SIMILARITY),
        config.get(REVIEW_THRESHOLD))).corrections(store).payees(dev.pfms.api.categorize.PayeeMap.fromConfig(config))
        .rules(cascade ? RulesCategorizerProvider.userRules(config.get(RULES)) : UserRules.NONE)
        .correctionsApplyAtOnce(cascade);
  }
}
