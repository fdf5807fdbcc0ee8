package com.example.pfms.nb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.TrainingData;
import dev.pfms.api.model.Category;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Multinomial naive Bayes over the words of the merchant key. Thread-safe: the model is an immutable
 * {@link State} swapped atomically on training.
 */
final class NaiveBayesCategorizer implements Categorizer {

  /**
   * The trained model, also its saved form.
   *
   * @param labels label codes
   * @param priors log prior per label
   * @param wordCounts per label, word counts
   * @param totals per label, total word count
   * @param vocabulary size of the vocabulary
   */
  record State(List<String> labels, double[] priors, List<Map<String, Integer>> wordCounts, int[] totals,
      int vocabulary) {}

  private final double alpha;
  private final double reviewBelow;
  private final List<Transaction> corrections = new CopyOnWriteArrayList<>();
  private volatile List<Transaction> lastTraining = List.of();
  private volatile State state;
  private volatile ModelMetadata metadata;

  NaiveBayesCategorizer(double alpha, double reviewBelow) {
    this.alpha = alpha;
    this.reviewBelow = reviewBelow;
  }

  void restore(State s, ModelMetadata m) {
    this.state = s;
    this.metadata = m;
  }

  private static String[] words(Transaction t) {
    return t.merchant().split(" ");
  }

  @Override
  public ModelMetadata train(List<Transaction> labelled) {
    List<Transaction> all = new ArrayList<>(labelled);
    all.addAll(corrections);
    Map<String, Integer> index = new HashMap<>();
    TreeSet<String> labelSet = new TreeSet<>();
    for (Transaction t : all) {
      if (t.category() == null) {
        throw new IllegalArgumentException("training transaction " + t.id() + " has no category");
      }
      labelSet.add(t.category().code());
    }
    List<String> labels = List.copyOf(labelSet);
    labels.forEach(l -> index.put(l, index.size()));
    double[] priors = new double[labels.size()];
    int[] totals = new int[labels.size()];
    List<Map<String, Integer>> counts = new ArrayList<>();
    labels.forEach(l -> counts.add(new HashMap<>()));
    TreeSet<String> vocab = new TreeSet<>();
    // later examples of the same merchant (corrections come last) outweigh earlier ones
    for (Transaction t : all) {
      int k = index.get(t.category().code());
      priors[k]++;
      int weight = corrections.contains(t) ? 50 : 1;
      for (String w : words(t)) {
        counts.get(k).merge(w, weight, Integer::sum);
        totals[k] += weight;
        vocab.add(w);
      }
    }
    for (int k = 0; k < priors.length; k++) {
      priors[k] = Math.log(priors[k] / all.size());
    }
    ModelMetadata m = new ModelMetadata("naive-bayes", 1, TrainingData.hash(all), all.size(), labels, Map.of(),
        Instant.now(), Map.of("alpha", String.valueOf(alpha)));
    state = new State(labels, priors, counts, totals, vocab.size());
    metadata = m;
    lastTraining = List.copyOf(labelled);
    return m;
  }

  @Override
  public Prediction categorize(Transaction t) {
    State s = state;
    if (s == null) {
      throw new ModelException("naive-bayes: train() or load() before categorize()");
    }
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
    return new Prediction(Category.of(best), p[order[0]], alternatives, why, p[order[0]] < reviewBelow, "naive-bayes");
  }

  @Override
  public void correct(Transaction transaction, Category category) {
    corrections.add(transaction.withCategory(category));
  }

  @Override
  public ModelMetadata retrain() {
    return train(lastTraining);
  }

  @Override
  public Optional<ModelMetadata> metadata() {
    return Optional.ofNullable(metadata);
  }

  @Override
  public void save(Path directory) throws IOException {
    State s = state;
    if (s == null) {
      throw new ModelException("naive-bayes: nothing trained to save");
    }
    byte[] json = new ObjectMapper().writeValueAsBytes(s);
    ModelDirectory.save(directory, metadata, Map.of(NaiveBayesCategorizerProvider.FILE, out -> out.write(json)));
  }
}
