package dev.pfms.ml.embed;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.Category;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.Merchants;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model stage of {@code embedding-gbm}: the sentence embedding of the normalized description
 * (cached, batched) followed by a classifier head ({@link SoftmaxHead} over embedding + amount
 * features, or cosine k-nearest-neighbours). Explanations name the nearest labelled training
 * merchants and their labels.
 *
 * <p>Thread-safe: predictions read an immutable trained state through a volatile reference; training
 * builds a new state and swaps it in.
 */
public final class EmbeddingCategorizer implements Categorizer {

  private static final String MODEL_FILE = "model.bin";

  /** The saved-model format version. */
  public static final int FORMAT_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCategorizer.class);
  private static final double KNN_TEMPERATURE = 0.05;
  private static final int NEIGHBOURS = 3;
  private static final int MAX_ALTERNATIVES = 3;

  private final EmbeddingOptions options;
  private final SentenceEmbedder embedder;
  private final EmbeddingCache cache;
  private final Object trainLock = new Object();
  private final List<Transaction> corrections = new ArrayList<>();
  private List<Transaction> lastTraining = List.of();
  private volatile State state;

  EmbeddingCategorizer(EmbeddingOptions options, SentenceEmbedder embedder) {
    this.options = options;
    this.embedder = embedder;
    this.cache = embedder.cache();
    cache.ensureCapacity(options.cacheSize());
  }

  /**
   * The embedding cache (shared by all categorizers on the same model).
   *
   * @return the cache
   */
  public EmbeddingCache cache() {
    return cache;
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

  private List<float[]> embedAll(List<String> keys) {
    return cache.getAll(keys, cold -> embedder.embed(cold, options.batchSize()));
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    Objects.requireNonNull(labelled, "labelled");
    for (Transaction t : labelled) {
      if (t.category() == null) {
        throw new IllegalArgumentException("training transaction " + t.id() + " (" + t.provenance() + ") has no category");
      }
    }
    synchronized (trainLock) {
      lastTraining = List.copyOf(labelled);
      Map<String, Transaction> rows = new LinkedHashMap<>();
      for (Transaction t : labelled) {
        rows.put(t.id(), t);
      }
      synchronized (corrections) {
        for (Transaction c : corrections) {
          rows.put(c.id(), c);
        }
      }
      List<Transaction> all = new ArrayList<>(rows.values());
      if (all.isEmpty()) {
        throw new ModelException("cannot train embedding-gbm on no labelled transactions");
      }
      List<float[]> emb = embedAll(all.stream().map(EmbeddingCategorizer::key).toList());
      Map<String, Double> metrics = new TreeMap<>();
      heldOut(all, emb, metrics);
      State s = fit(all, emb, metrics);
      state = s;
      LOG.debug("trained embedding-gbm on {} rows, {} labels", all.size(), s.labels.size());
      return s.metadata;
    }
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
    State s = fit(train.stream().map(all::get).toList(), train.stream().map(emb::get).toList(), Map.of());
    int ok = 0;
    for (int i : test) {
      Transaction t = all.get(i);
      if (s.predict(t, key(t), emb.get(i), this).category().equals(t.category())) {
        ok++;
      }
    }
    metrics.put("heldOutAccuracy", ok / (double) test.size());
    metrics.put("heldOutSize", (double) test.size());
  }

  private State fit(List<Transaction> rows, List<float[]> emb, Map<String, Double> metrics) {
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
    ModelMetadata md = new ModelMetadata(EmbeddingCategorizerProvider.NAME, FORMAT_VERSION, dev.pfms.api.categorize.TrainingData.hash(rows), rows.size(),
        labels.stream().map(Category::code).toList(), metrics, Instant.now(), parameters());
    return new State(labels, head, exKey.toArray(String[]::new), exEmb.toArray(float[][]::new),
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
  private double[] amountFeatures(Transaction t) {
    double a = t.amount().amount().doubleValue();
    double sign = Math.signum(a);
    double size = (Math.log10(1 + Math.abs(a)) - 2) / 1.5;
    return new double[] {sign, size};
  }

  private double[] features(float[] emb, double[] amount) {
    double scale = Math.sqrt(emb.length);
    double[] f = new double[emb.length + 2];
    for (int i = 0; i < emb.length; i++) {
      f[i] = emb[i] * scale;
    }
    f[emb.length] = amount[0] * options.amountWeight();
    f[emb.length + 1] = amount[1] * options.amountWeight();
    return f;
  }

  @Override
  public Prediction categorize(Transaction transaction) {
    return categorizeAll(List.of(transaction)).get(0);
  }

  @Override
  public List<Prediction> categorizeAll(List<Transaction> transactions) {
    State s = state;
    if (s == null) {
      throw new ModelException("embedding-gbm has not been trained: call train(...) or load a saved model");
    }
    List<String> keys = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      keys.add(key(t));
    }
    List<float[]> emb = embedAll(keys);
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (int i = 0; i < transactions.size(); i++) {
      out.add(s.predict(transactions.get(i), keys.get(i), emb.get(i), this));
    }
    return out;
  }

  @Override
  public void correct(Transaction transaction, Category category) {
    Objects.requireNonNull(category, "category");
    synchronized (corrections) {
      corrections.removeIf(c -> c.id().equals(transaction.id()));
      corrections.add(transaction.withCategory(category));
    }
  }

  @Override
  public ModelMetadata retrain() {
    List<Transaction> base;
    synchronized (trainLock) {
      base = lastTraining;
    }
    return train(base);
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    State s = state;
    return s == null ? Optional.empty() : Optional.of(s.metadata);
  }

  @Override
  public void save(Path directory) throws IOException {
    State s = state;
    if (s == null) {
      throw new ModelException("embedding-gbm has nothing trained to save");
    }
    ModelDirectory.save(directory, s.metadata, Map.of(MODEL_FILE, raw -> {
      DataOutputStream out = new DataOutputStream(raw);
      out.writeInt(s.labels.size());
      for (Category c : s.labels) {
        out.writeUTF(c.code());
        out.writeUTF(c.primary());
      }
      out.writeInt(s.keys.length);
      out.writeInt(s.keys.length == 0 ? 0 : s.embeddings[0].length);
      for (int i = 0; i < s.keys.length; i++) {
        out.writeUTF(s.keys[i]);
        out.writeInt(s.exampleLabels[i]);
        for (float v : s.embeddings[i]) {
          out.writeFloat(v);
        }
      }
      out.writeBoolean(s.head != null);
      if (s.head != null) {
        s.head.write(out);
      }
      out.flush();
    }));
  }

  /**
   * Loads a saved state into this (untrained) categorizer.
   *
   * @param directory the saved model
   * @throws IOException when it cannot be read
   * @throws ModelException on another provider, format version or embedding model, or a corrupt file
   */
  void load(Path directory) throws IOException {
    SavedModel saved = ModelDirectory.read(directory)
        .expect(EmbeddingCategorizerProvider.NAME, ModelKind.CATEGORIZER, FORMAT_VERSION, FORMAT_VERSION);
    ModelMetadata metadata = saved.metadata();
    String savedModel = metadata.parameters().get("model");
    if (!embedder.modelId().equals(savedModel)) {
      throw new ModelException("model in " + directory + " was trained on embedding model " + savedModel
          + " but this categorizer uses " + embedder.modelId() + "; set option 'model' to the same model");
    }
    byte[] bytes = saved.bytes(MODEL_FILE);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int nl = count(in, 4, directory);
      List<Category> labels = new ArrayList<>(nl);
      for (int i = 0; i < nl; i++) {
        labels.add(new Category(in.readUTF(), in.readUTF()));
      }
      int n = count(in, 6, directory);
      int d = in.readInt();
      if (d < 0 || (long) n * d * Float.BYTES > in.available()) {
        throw new ModelException(directory.resolve(MODEL_FILE) + " is corrupt: " + n + " embeddings of " + d
            + " dimensions do not fit in the file");
      }
      String[] keys = new String[n];
      int[] ex = new int[n];
      float[][] emb = new float[n][d];
      for (int i = 0; i < n; i++) {
        keys[i] = in.readUTF();
        ex[i] = in.readInt();
        if (ex[i] < 0 || ex[i] >= nl) {
          throw new ModelException(directory.resolve(MODEL_FILE) + " is corrupt: example label " + ex[i]);
        }
        for (int j = 0; j < d; j++) {
          emb[i][j] = in.readFloat();
        }
      }
      SoftmaxHead head = in.readBoolean() ? SoftmaxHead.read(in) : null;
      synchronized (trainLock) {
        state = new State(List.copyOf(labels), head, keys, emb, ex, metadata);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelException me) {
        throw me;
      }
      throw new ModelException(directory.resolve(MODEL_FILE) + " is corrupt: " + e, e);
    }
  }

  private static int count(DataInputStream in, int minBytesEach, Path directory) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * minBytesEach > in.available()) {
      throw new ModelException(directory.resolve(MODEL_FILE) + " is corrupt: count " + n);
    }
    return n;
  }

  /** An immutable trained model. */
  private static final class State {
    final List<Category> labels;
    final SoftmaxHead head;
    final String[] keys;
    final float[][] embeddings;
    final int[] exampleLabels;
    final ModelMetadata metadata;
    /** Nearest training examples per key; cleared when full (bounded, thread-safe). */
    final Map<String, List<String>> explanations = new ConcurrentHashMap<>();

    State(List<Category> labels, SoftmaxHead head, String[] keys, float[][] embeddings, int[] exampleLabels,
        ModelMetadata metadata) {
      this.labels = labels;
      this.head = head;
      this.keys = keys;
      this.embeddings = embeddings;
      this.exampleLabels = exampleLabels;
      this.metadata = metadata;
    }

    Prediction predict(Transaction t, String key, float[] emb, EmbeddingCategorizer owner) {
      double[] p;
      if (labels.size() == 1) {
        p = new double[] {1.0};
      } else if (head != null) {
        p = head.probabilities(owner.features(emb, owner.amountFeatures(t)));
      } else {
        p = knn(emb);
      }
      Integer[] order = new Integer[p.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      double[] probs = p;
      Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
      int best = order[0];
      List<ScoredCategory> alternatives = new ArrayList<>();
      for (int i = 1; i < order.length && alternatives.size() < MAX_ALTERNATIVES; i++) {
        alternatives.add(new ScoredCategory(labels.get(order[i]), clamp(p[order[i]])));
      }
      double confidence = clamp(p[best]);
      return new Prediction(labels.get(best), confidence, alternatives, explain(key, emb), 
          confidence < owner.options.reviewThreshold(), EmbeddingCategorizerProvider.NAME);
    }

    private double[] knn(float[] emb) {
      double[] s = new double[labels.size()];
      Arrays.fill(s, -1);
      for (int i = 0; i < keys.length; i++) {
        double c = SentenceEmbedder.cosine(emb, embeddings[i]);
        int l = exampleLabels[i];
        if (c > s[l]) {
          s[l] = c;
        }
      }
      for (int i = 0; i < s.length; i++) {
        s[i] /= KNN_TEMPERATURE;
      }
      SoftmaxHead.softmaxInPlace(s);
      return s;
    }

    private List<String> explain(String key, float[] emb) {
      List<String> cached = explanations.get(key);
      if (cached != null) {
        return cached;
      }
      int[] top = new int[Math.min(NEIGHBOURS, keys.length)];
      double[] topSim = new double[top.length];
      Arrays.fill(topSim, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < keys.length; i++) {
        double c = SentenceEmbedder.cosine(emb, embeddings[i]);
        for (int j = 0; j < top.length; j++) {
          if (c > topSim[j]) {
            System.arraycopy(topSim, j, topSim, j + 1, top.length - j - 1);
            System.arraycopy(top, j, top, j + 1, top.length - j - 1);
            topSim[j] = c;
            top[j] = i;
            break;
          }
        }
      }
      List<String> out = new ArrayList<>(top.length);
      for (int j = 0; j < top.length; j++) {
        out.add(String.format(Locale.ROOT, "similar to training merchant '%s' labelled %s (cosine %.2f)",
            keys[top[j]], labels.get(exampleLabels[top[j]]).code(), topSim[j]));
      }
      List<String> result = List.copyOf(out);
      if (explanations.size() > 20_000) {
        explanations.clear();
      }
      explanations.put(key, result);
      return result;
    }

    private static double clamp(double v) {
      return Math.max(0, Math.min(1, v));
    }
  }
}
