package dev.pfms.ml.embed;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fitted {@code embedding-gbm} model: labels, classifier head, and the distinct (merchant key,
 * label) examples with their embeddings (for kNN and explanations). Immutable apart from a bounded,
 * thread-safe explanation cache. Saved as {@code model.bin}: normalized merchant keys, labels,
 * embeddings and head weights — no raw descriptions, amounts, dates or accounts.
 */
final class EmbeddingModel implements CategorizerModel {

  private static final double KNN_TEMPERATURE = 0.05;
  private static final int NEIGHBOURS = 3;
  private static final int MAX_ALTERNATIVES = 3;

  private final EmbeddingTrainer owner;
  private final List<Category> labels;
  private final SoftmaxHead head;
  private final String[] keys;
  private final float[][] embeddings;
  private final int[] exampleLabels;
  private final ModelMetadata metadata;
  /** Nearest training examples per key; cleared when full (bounded, thread-safe). */
  private final Map<String, List<String>> explanations = new ConcurrentHashMap<>();

  EmbeddingModel(EmbeddingTrainer owner, List<Category> labels, SoftmaxHead head, String[] keys,
      float[][] embeddings, int[] exampleLabels, ModelMetadata metadata) {
    if (labels.isEmpty() || (head == null && labels.size() > 1 && keys.length == 0)) {
      throw new ModelException("embedding-gbm model has no labels or no examples");
    }
    this.owner = owner;
    this.labels = labels;
    this.head = head;
    this.keys = keys;
    this.embeddings = embeddings;
    this.exampleLabels = exampleLabels;
    this.metadata = metadata;
  }

  List<Category> labels() {
    return labels;
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public List<Prediction> predict(List<Transaction> transactions) {
    List<String> ks = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      ks.add(EmbeddingTrainer.key(t));
    }
    List<float[]> emb = owner.embedAll(ks);
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (int i = 0; i < transactions.size(); i++) {
      out.add(predict(transactions.get(i), ks.get(i), emb.get(i)));
    }
    return out;
  }

  Prediction predict(Transaction t, String key, float[] emb) {
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
        confidence < owner.options().reviewThreshold(), EmbeddingCategorizerProvider.NAME);
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
    if (out.isEmpty()) {
      out.add("the only label seen in training");
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

  @Override
  public void save(Path directory) throws IOException {
    try (java.io.OutputStream os = new java.io.BufferedOutputStream(
        Files.newOutputStream(directory.resolve(EmbeddingTrainer.MODEL_FILE)))) {
      writeModel(os);
    }
  }

  /** The model file as a writer: a sealed save streams it into memory, never to disk in plaintext. */
  @Override
  public java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files() {
    return java.util.Map.of(EmbeddingTrainer.MODEL_FILE, this::writeModel);
  }

  private void writeModel(java.io.OutputStream sink) throws IOException {
    DataOutputStream out = new DataOutputStream(sink);
    out.writeInt(labels.size());
    for (Category c : labels) {
      out.writeUTF(c.code());
      out.writeUTF(c.primary());
    }
    out.writeInt(keys.length);
    out.writeInt(keys.length == 0 ? 0 : embeddings[0].length);
    for (int i = 0; i < keys.length; i++) {
      out.writeUTF(keys[i]);
      out.writeInt(exampleLabels[i]);
      for (float v : embeddings[i]) {
        out.writeFloat(v);
      }
    }
    out.writeBoolean(head != null);
    if (head != null) {
      head.write(out);
    }
    out.flush();
  }
}
