package dev.pfms.ml.embed;

import dev.pfms.api.spi.ConfigKey;
import dev.pfms.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The options of the embedding categorizer, read once from a {@link ProviderConfig}.
 *
 * @param model {@code minilm}, {@code minilm-q} or a model directory
 * @param cacheDir where bundled models and (unless {@code ENGINE_CACHE_DIR} is set) natives go
 * @param batchSize sentences per forward pass
 * @param cacheSize embeddings kept in the cache
 * @param head the stage-2 classifier, {@code softmax} or {@code knn}
 * @param reviewThreshold confidence below which a prediction needs review
 * @param amountWeight scale of the amount features next to the embedding (0 disables them)
 * @param iterations training steps of the softmax head
 * @param l2 L2 penalty of the softmax head
 * @param cascade whether the provider puts user rules in front of the model
 * @param rules the user's rules file for the rules stage, or {@code null}
 * @param corrections the JSON-lines corrections file for the rules stage, or {@code null}
 */
record EmbeddingOptions(
    String model, Path cacheDir, int batchSize, int cacheSize, String head, double reviewThreshold,
    double amountWeight, int iterations, double l2, boolean cascade, Path rules, Path corrections) {

  static final ConfigKey<String> MODEL = ConfigKey.ofString("model", EmbeddingModelSource.MINILM,
      "sentence-embedding model: 'minilm' (bundled all-MiniLM-L6-v2), 'minilm-q' (its int8 version) or a directory"
          + " with one *.onnx (OnnxRuntime) or *.pt (TorchScript, PyTorch) model and a tokenizer.json");
  static final ConfigKey<Path> CACHE_DIR = ConfigKey.ofPath("cache-dir",
      Path.of(System.getProperty("user.home"), ".cache", "pfms", "djl"),
      "directory for the extracted bundled model and DJL natives (natives only when ENGINE_CACHE_DIR is unset)");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.ofInt("batch-size", 32, "sentences per forward pass").withRange(1, 1024);
  static final ConfigKey<Integer> CACHE_SIZE = ConfigKey.ofInt("cache-size", 50_000,
      "embeddings kept in the cache (keyed by normalized description)").withRange(16, 100_000_000);
  static final ConfigKey<String> HEAD = ConfigKey.ofString("head", "softmax",
      "stage-2 classifier over the embedding: 'softmax' (logistic regression + amount features) or 'knn' (cosine)");
  static final ConfigKey<Double> REVIEW_THRESHOLD = ConfigKey.ofDouble("review-threshold", 0.5,
      "predictions less confident than this are flagged needsReview").withRange(0.0, 1.0);
  static final ConfigKey<Double> AMOUNT_WEIGHT = ConfigKey.ofDouble("amount-weight", 1.0,
      "scale of the amount features (sign, log size) next to the embedding; 0 disables them").withRange(0.0, 1e6);
  static final ConfigKey<Integer> ITERATIONS = ConfigKey.ofInt("iterations", 150, "training steps of the softmax head").withRange(1, 1_000_000);
  static final ConfigKey<Double> L2 = ConfigKey.ofDouble("l2", 1e-3, "L2 penalty of the softmax head").withRange(0.0, 1e6);
  static final ConfigKey<Boolean> CASCADE = ConfigKey.ofBoolean("cascade", true,
      "put the user's rules (provider 'rules', not learning from training data) in front of the model");

  static final ConfigKey<Path> RULES = ConfigKey.ofPath("rules", null,
      "JSON file of user rules for the rules stage of the cascade");
  static final ConfigKey<Path> CORRECTIONS = ConfigKey.ofPath("corrections", null,
      "JSON-lines file where the rules stage keeps corrections (in memory when absent)");

  static final List<ConfigKey<?>> KEYS = List.of(MODEL, CACHE_DIR, BATCH_SIZE, CACHE_SIZE, HEAD, REVIEW_THRESHOLD,
      AMOUNT_WEIGHT, ITERATIONS, L2, CASCADE, RULES, CORRECTIONS);

  /** Validates the values. */
  EmbeddingOptions {
    if (batchSize < 1 || batchSize > 1024) {
      throw new IllegalArgumentException("option 'batch-size' must be in [1, 1024]: " + batchSize);
    }
    if (cacheSize < 16) {
      throw new IllegalArgumentException("option 'cache-size' must be at least 16: " + cacheSize);
    }
    if (!head.equals("softmax") && !head.equals("knn")) {
      throw new IllegalArgumentException("option 'head' must be 'softmax' or 'knn': " + head);
    }
    if (!(reviewThreshold >= 0 && reviewThreshold <= 1)) {
      throw new IllegalArgumentException("option 'review-threshold' must be in [0, 1]: " + reviewThreshold);
    }
    if (!(amountWeight >= 0)) {
      throw new IllegalArgumentException("option 'amount-weight' must be >= 0: " + amountWeight);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("option 'iterations' must be positive: " + iterations);
    }
    if (!(l2 >= 0)) {
      throw new IllegalArgumentException("option 'l2' must be >= 0: " + l2);
    }
  }

  static EmbeddingOptions from(ProviderConfig c) {
    return new EmbeddingOptions(c.get(MODEL), c.get(CACHE_DIR), c.get(BATCH_SIZE), c.get(CACHE_SIZE),
        c.get(HEAD).toLowerCase(Locale.ROOT), c.get(REVIEW_THRESHOLD), c.get(AMOUNT_WEIGHT), c.get(ITERATIONS),
        c.get(L2), c.get(CASCADE), c.get(RULES), c.get(CORRECTIONS));
  }
}
