package dev.pfms.ml.embed;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.categorize.CategorizerTrainer;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Merchants;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Transaction;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits and reads {@code embedding-gbm} models: the sentence embedding of the normalized description
 * (cached, batched) followed by a classifier head ({@link SoftmaxHead} over embedding + amount
 * features, or cosine k-nearest-neighbours). Everything else — corrections, user rules in front,
 * retraining, the atomic swap, saving — is {@link dev.pfms.api.categorize.ModelCategorizer}'s.
 * Thread-safe.
 */
public final class EmbeddingTrainer implements CategorizerTrainer {

  /** The saved-model format version: 2 adds checksums in metadata.json; model.bin is as in 1. */
  public static final int FORMAT_VERSION = 2;
  static final String MODEL_FILE = "model.bin";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingTrainer.class);

  private final EmbeddingOptions options;
  private final SentenceEmbedder embedder;
  private final EmbeddingCache cache;

  EmbeddingTrainer(EmbeddingOptions options, SentenceEmbedder embedder) {
    this.options = options;
    this.embedder = embedder;
    this.cache = embedder.cache();
    cache.ensureCapacity(options.cacheSize());
  }

  /**
   * The embedding cache (shared by all categorizers on the same embedding model).
   *
   * @return the cache
   */
  public EmbeddingCache cache() {
    return cache;
  }

  EmbeddingOptions options() {
    return options;
  }

  /**
   * The merchant key a transaction is embedded by: its normalized merchant, or the normalized
   * description when the merchant is empty.
   *
   * @param t the transaction
   * @return the key
   */
  static String key(Transaction t) {
    String m = t.merchant();
    return m == null || m.isBlank() ? Merchants.normalize(t.description()) : m;
  }

  List<float[]> embedAll(List<String> keys) {
    return cache.getAll(keys, cold -> embedder.embed(cold, options.batchSize()));
  }

  @Override
  public String provider() {
    return EmbeddingCategorizerProvider.NAME;
  }

  @Override
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  @Override
  public int oldestFormatVersion() {
    return 1;
  }

  @Override
  public CategorizerModel fit(TrainingData data) {
    List<Transaction> all = data.examples();
    if (all.isEmpty()) {
      throw new ModelException("cannot train embedding-gbm on no labelled transactions");
    }
    List<float[]> emb = embedAll(all.stream().map(EmbeddingTrainer::key).toList());
    Map<String, Double> metrics = new TreeMap<>();
    heldOut(all, emb, metrics);
    EmbeddingModel m = fit(all, emb, metrics, data.trainingHash());
    LOG.debug("trained embedding-gbm on {} rows, {} labels", all.size(), m.labels().size());
    return m;
  }

  /** Accuracy on a held-out fifth of the merchants (grouped by key, so no merchant leaks). */
  private void heldOut(List<Transaction> all, List<float[]> emb, Map<String, Double> metrics) {
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (Math.floorMod(key(all.get(i)).hashCode() * 31 + 7, 5) == 0 ? test : train).add(i);
    }
    if (test.size() < 5 || train.size() < 5) {
      return;
    }
    List<Transaction> rows = train.stream().map(all::get).toList();
    EmbeddingModel s = fit(rows, train.stream().map(emb::get).toList(), Map.of(), TrainingData.hash(rows));
    int ok = 0;
    for (int i : test) {
      Transaction t = all.get(i);
      if (s.predict(t, key(t), emb.get(i)).category().equals(t.category())) {
        ok++;
      }
    }
    metrics.put("heldOutAccuracy", ok / (double) test.size());
    metrics.put("heldOutSize", (double) test.size());
  }

  private EmbeddingModel fit(List<Transaction> rows, List<float[]> emb, Map<String, Double> metrics, String hash) {
    TreeMap<String, Category> byCode = new TreeMap<>();
    for (Transaction t : rows) {
      byCode.putIfAbsent(t.category().code(), t.category());
    }
    List<Category> labels = List.copyOf(byCode.values());
    Map<Category, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    // examples: distinct (key, label) pairs, for kNN and explanations
    Map<String, Integer> exampleIndex = new LinkedHashMap<>();
    List<float[]> exEmb = new ArrayList<>();
    List<Integer> exLabel = new ArrayList<>();
    List<String> exKey = new ArrayList<>();
    // training rows: distinct (key, label, amount bucket) with counts
    Map<String, Integer> rowIndex = new LinkedHashMap<>();
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Transaction t = rows.get(i);
      String k = key(t);
      int label = index.get(t.category());
      if (exampleIndex.putIfAbsent(k + '\u0000' + label, exEmb.size()) == null) {
        exEmb.add(emb.get(i));
        exLabel.add(label);
        exKey.add(k);
      }
      double[] amount = amountFeatures(t);
      String rk = k + '\u0000' + label + '\u0000' + Math.round(amount[0]) + '\u0000' + Math.round(amount[1] * 4);
      Integer r = rowIndex.get(rk);
      if (r == null) {
        rowIndex.put(rk, x.size());
        x.add(features(emb.get(i), amount));
        y.add(label);
        w.add(1.0);
      } else {
        w.set(r, w.get(r) + 1);
      }
    }
    SoftmaxHead head = null;
    if (options.head().equals("softmax") && labels.size() > 1) {
      head = SoftmaxHead.fit(x.toArray(double[][]::new), y.stream().mapToInt(Integer::intValue).toArray(),
          w.stream().mapToDouble(Double::doubleValue).toArray(), labels.size(), options.iterations(), options.l2());
    }
    ModelMetadata md = new ModelMetadata(EmbeddingCategorizerProvider.NAME, FORMAT_VERSION, hash, rows.size(),
        labels.stream().map(Category::code).toList(), metrics, Instant.now(), parameters());
    return new EmbeddingModel(this, labels, head, exKey.toArray(String[]::new), exEmb.toArray(float[][]::new),
        exLabel.stream().mapToInt(Integer::intValue).toArray(), md);
  }

  private Map<String, String> parameters() {
    Map<String, String> p = new TreeMap<>();
    p.put("model", embedder.modelId());
    p.put("head", options.head());
    p.put("amountWeight", Double.toString(options.amountWeight()));
    p.put("iterations", Integer.toString(options.iterations()));
    p.put("l2", Double.toString(options.l2()));
    p.put("reviewThreshold", Double.toString(options.reviewThreshold()));
    return p;
  }

  /** Sign and centred log10 size of the amount, in the head's units. */
  double[] amountFeatures(Transaction t) {
    double a = t.amount().amount().doubleValue();
    double sign = Math.signum(a);
    double size = (Math.log10(1 + Math.abs(a)) - 2) / 1.5;
    return new double[] {sign, size};
  }

  double[] features(float[] emb, double[] amount) {
    double scale = Math.sqrt(emb.length);
    double[] f = new double[emb.length + 2];
    for (int i = 0; i < emb.length; i++) {
      f[i] = emb[i] * scale;
    }
    f[emb.length] = amount[0] * options.amountWeight();
    f[emb.length + 1] = amount[1] * options.amountWeight();
    return f;
  }

  /**
   * Reads {@code model.bin} (format 1 or 2: same layout), checking every count before allocating.
   *
   * @throws ModelException on another embedding model or damaged bytes
   */
  @Override
  public CategorizerModel load(dev.pfms.api.io.SavedModel saved) throws IOException {
    Path directory = saved.directory();
    ModelMetadata metadata = saved.metadata();
    String savedModel = metadata.parameters().get("model");
    if (!embedder.modelId().equals(savedModel)) {
      throw new ModelException("model in " + directory + " was trained on embedding model " + savedModel
          + " but this categorizer uses " + embedder.modelId() + "; set option 'model' to the same model");
    }
    Path file = directory.resolve(MODEL_FILE);
    byte[] bytes = saved.bytes(MODEL_FILE); // verified (and opened, when sealed) by the saved-model reader
    long size = bytes.length;
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      int nl = in.readInt();
      if (nl < 1 || nl > 100_000) {
        throw new ModelException(file + " is corrupt: " + nl + " labels");
      }
      List<Category> labels = new ArrayList<>(nl);
      for (int i = 0; i < nl; i++) {
        labels.add(new Category(in.readUTF(), in.readUTF()));
      }
      int n = in.readInt();
      int d = in.readInt();
      if (n < 0 || d < 0 || d > 100_000 || (long) n * (4L * d + 6) > size) {
        throw new ModelException(file + " is corrupt: " + n + " examples of " + d + " dimensions in " + size + " bytes");
      }
      String[] keys = new String[n];
      int[] ex = new int[n];
      float[][] emb = new float[n][d];
      for (int i = 0; i < n; i++) {
        keys[i] = in.readUTF();
        ex[i] = in.readInt();
        if (ex[i] < 0 || ex[i] >= nl) {
          throw new ModelException(file + " is corrupt: example label " + ex[i]);
        }
        for (int j = 0; j < d; j++) {
          emb[i][j] = in.readFloat();
        }
      }
      SoftmaxHead head = in.readBoolean() ? SoftmaxHead.read(in) : null;
      if (in.read() != -1) {
        throw new ModelException(file + " has bytes after the model: not an embedding-gbm model");
      }
      if (!labels.stream().map(Category::code).toList().equals(metadata.labels())) {
        throw new ModelException(directory + ": label set in metadata.json differs from the model's");
      }
      return new EmbeddingModel(this, List.copyOf(labels), head, keys, emb, ex, metadata);
    }
  }
}
