package dev.pfms.ml.embed;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reference baseline for the evaluation only: TF-IDF over words and character 3-grams of the
 * merchant key, nearest neighbour by cosine. Not the project's tfidf-gbm.
 */
final class TfidfKnn implements Categorizer {
  private final List<Map<String, Double>> vectors = new ArrayList<>();
  private final List<Category> labels = new ArrayList<>();
  private final Map<String, Double> idf = new HashMap<>();

  static List<String> terms(String key) {
    List<String> out = new ArrayList<>();
    for (String w : key.split(" ")) {
      out.add("w:" + w);
      String p = " " + w + " ";
      for (int i = 0; i + 3 <= p.length(); i++) {
        out.add("c:" + p.substring(i, i + 3));
      }
    }
    return out;
  }

  Map<String, Double> vector(String key) {
    Map<String, Double> v = new HashMap<>();
    for (String t : terms(key)) {
      v.merge(t, 1.0, Double::sum);
    }
    double n = 0;
    for (var e : v.entrySet()) {
      e.setValue(e.getValue() * idf.getOrDefault(e.getKey(), Math.log(1 + vectors.size())));
      n += e.getValue() * e.getValue();
    }
    double norm = Math.sqrt(n);
    v.replaceAll((k, x) -> x / norm);
    return v;
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    Map<String, Integer> df = new HashMap<>();
    for (Transaction t : labelled) {
      terms(EmbeddingTrainer.key(t)).stream().distinct().forEach(x -> df.merge(x, 1, Integer::sum));
    }
    idf.clear();
    df.forEach((k, c) -> idf.put(k, Math.log((1.0 + labelled.size()) / (1 + c)) + 1));
    vectors.clear();
    labels.clear();
    for (Transaction t : labelled) {
      vectors.add(vector(EmbeddingTrainer.key(t)));
      labels.add(t.category());
    }
    return new ModelMetadata("tfidf-knn", 1, "0".repeat(64), labelled.size(), List.of(), Map.of(), Instant.now(), Map.of());
  }

  @Override
  public Prediction categorize(Transaction t) {
    Map<String, Double> q = vector(EmbeddingTrainer.key(t));
    double best = -1;
    int bi = 0;
    for (int i = 0; i < vectors.size(); i++) {
      double s = 0;
      for (var e : q.entrySet()) {
        s += e.getValue() * vectors.get(i).getOrDefault(e.getKey(), 0.0);
      }
      if (s > best) {
        best = s;
        bi = i;
      }
    }
    return new Prediction(labels.get(bi), Math.max(0, Math.min(1, best)), List.of(), List.of("nn"), false, "tfidf-knn");
  }

  @Override
  public void correct(Transaction transaction, Category category) {}

  @Override
  public ModelMetadata retrain() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    return Optional.empty();
  }

  @Override
  public void save(Path directory) {
    throw new UnsupportedOperationException();
  }
}
