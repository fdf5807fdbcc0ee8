package com.example.pfms.nb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.categorize.CategorizerTrainer;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Multinomial naive Bayes over the words of the merchant key: a fitted, immutable model. This is
 * all a third-party categorizer writes — fit, predict, save, load; corrections, retraining and the
 * model swap come from pfms's {@link dev.pfms.api.categorize.ModelCategorizer}.
 */
final class NaiveBayesModel implements CategorizerModel {

  static final String NAME = "naive-bayes";
  static final String FILE = "naive-bayes.json";

  /**
   * The trained parameters, also the saved form (merchant words and counts, no raw records).
   *
   * @param labels label codes
   * @param priors log prior per label
   * @param wordCounts per label, word counts
   * @param totals per label, total word count
   * @param vocabulary size of the vocabulary
   */
  record State(List<String> labels, double[] priors, List<Map<String, Integer>> wordCounts, int[] totals,
      int vocabulary) {}

  private final State s;
  private final double alpha;
  private final double reviewBelow;
  private final ModelMetadata metadata;

  NaiveBayesModel(State s, double alpha, double reviewBelow, ModelMetadata metadata) {
    int n = s.labels().size();
    if (n == 0 || s.priors().length != n || s.wordCounts().size() != n || s.totals().length != n || s.vocabulary() < 0) {
      throw new ModelException("naive-bayes: inconsistent model (" + n + " labels)");
    }
    this.s = s;
    this.alpha = alpha;
    this.reviewBelow = reviewBelow;
    this.metadata = metadata;
  }

  private static String[] words(Transaction t) {
    return t.merchant().split(" ");
  }

  @Override
  public List<Prediction> predict(List<Transaction> transactions) {
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      out.add(predict(t));
    }
    return out;
  }

  @Override
  public Prediction predict(Transaction t) {
    int n = s.labels().size();
    double[] logp = new double[n];
    for (int k = 0; k < n; k++) {
      logp[k] = s.priors()[k];
      for (String w : words(t)) {
        int c = s.wordCounts().get(k).getOrDefault(w, 0);
        logp[k] += Math.log((c + alpha) / (s.totals()[k] + alpha * (s.vocabulary() + 1)));
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logp) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[n];
    for (int k = 0; k < n; k++) {
      p[k] = Math.exp(logp[k] - max);
      sum += p[k];
    }
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      p[k] /= sum;
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    List<ScoredCategory> alternatives = new ArrayList<>();
    for (int i = 1; i < Math.min(4, n); i++) {
      alternatives.add(new ScoredCategory(Category.of(s.labels().get(order[i])), p[order[i]]));
    }
    String best = s.labels().get(order[0]);
    List<String> why = new ArrayList<>();
    for (String w : words(t)) {
      if (s.wordCounts().get(order[0]).containsKey(w)) {
        why.add("word '" + w + "' seen " + s.wordCounts().get(order[0]).get(w) + "x in " + best);
      }
    }
    if (why.isEmpty()) {
      why.add("no known word; prior of " + best);
    }
    return new Prediction(Category.of(best), p[order[0]], alternatives, why, p[order[0]] < reviewBelow, NAME);
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public void save(Path directory) throws IOException {
    new ObjectMapper().writeValue(directory.resolve(FILE).toFile(), s);
  }

  /**
   * The model file as a writer, so that a save into a sealed directory never puts it on disk in
   * plaintext (without this, the base stages {@link #save} in a temporary directory first).
   */
  @Override
  public java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files() {
    return java.util.Map.of(FILE, out -> out.write(new ObjectMapper().writeValueAsBytes(s)));
  }

  /** Fits and reads naive-Bayes models. */
  static final class Trainer implements CategorizerTrainer {
    private final double alpha;
    private final double reviewBelow;

    Trainer(double alpha, double reviewBelow) {
      this.alpha = alpha;
      this.reviewBelow = reviewBelow;
    }

    @Override
    public String provider() {
      return NAME;
    }

    @Override
    public int formatVersion() {
      return 1;
    }

    @Override
    public CategorizerModel fit(TrainingData data) {
      List<Transaction> all = data.examples();
      if (all.isEmpty()) {
        throw new ModelException("naive-bayes: no training examples");
      }
      List<String> labels = data.labels();
      Map<String, Integer> index = new HashMap<>();
      labels.forEach(l -> index.put(l, index.size()));
      double[] priors = new double[labels.size()];
      int[] totals = new int[labels.size()];
      List<Map<String, Integer>> counts = new ArrayList<>();
      labels.forEach(l -> counts.add(new HashMap<>()));
      TreeSet<String> vocab = new TreeSet<>();
      // a correction outweighs the training examples of its merchant
      for (int i = 0; i < all.size(); i++) {
        Transaction t = all.get(i);
        int k = index.get(t.category().code());
        priors[k]++;
        int weight = data.isCorrection(i) ? 50 : 1;
        for (String w : words(t)) {
          counts.get(k).merge(w, weight, Integer::sum);
          totals[k] += weight;
          vocab.add(w);
        }
      }
      for (int k = 0; k < priors.length; k++) {
        priors[k] = Math.log(priors[k] / all.size());
      }
      ModelMetadata m = new ModelMetadata(NAME, 1, data.trainingHash(), all.size(), labels, Map.of(),
          Instant.now(), Map.of("alpha", String.valueOf(alpha)));
      return new NaiveBayesModel(new State(labels, priors, counts, totals, vocab.size()), alpha, reviewBelow, m);
    }

    @Override
    public CategorizerModel load(dev.pfms.api.io.SavedModel saved) throws IOException {
      ModelMetadata metadata = saved.metadata();
      Path file = saved.directory().resolve(FILE);
      // the bytes the base already read: sizes and SHA-256 verified, and opened when the directory is
      // sealed (ModelDirectory.protect), so a sealed model loads like a plain one
      State s = new ObjectMapper().readValue(saved.find(FILE).orElseThrow(() -> new ModelException(
          saved.directory() + " holds no naive-bayes model (" + FILE + " is missing)")), State.class);
      if (s.labels() == null || s.priors() == null || s.wordCounts() == null || s.totals() == null) {
        throw new ModelException(file + ": incomplete naive-bayes model");
      }
      return new NaiveBayesModel(s, alpha, reviewBelow, metadata);
    }
  }
}
