package dev.pfms.ml.categorize;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.gbm.CompiledEnsemble;
import dev.pfms.ml.gbm.GbmTrainer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trained {@code tfidf-gbm} model: feature space, compiled ensemble, labels and temperature.
 * Immutable and thread-safe; {@link dev.pfms.api.categorize.ModelCategorizer} swaps whole models
 * atomically.
 */
final class TfidfGbmModel implements CategorizerModel {

  static final String PROVIDER = "tfidf-gbm";
  /** 2: metadata.json with file checksums, no training.jsonl; model.bin is laid out as in 1. */
  static final int FORMAT_VERSION = 2;
  private static final Logger LOG = LoggerFactory.getLogger(TfidfGbmModel.class);
  private static final int ALTERNATIVES = 3;
  private static final int EXPLAINED = 4;

  private final List<Category> labels;
  private final FeatureSpace space;
  private final CompiledEnsemble ensemble;
  private final double temperature;
  private final ModelMetadata metadata;
  private final double reviewThreshold;

  TfidfGbmModel(List<Category> labels, FeatureSpace space, CompiledEnsemble ensemble, double temperature,
      ModelMetadata metadata, double reviewThreshold) {
    if (labels.size() != ensemble.classes() || space.width() != ensemble.width()) {
      throw new ModelException("model parts disagree: " + labels.size() + " labels / " + ensemble.classes()
          + " classes, " + space.width() + " features / " + ensemble.width() + " wide ensemble");
    }
    this.labels = List.copyOf(labels);
    this.space = space;
    this.ensemble = ensemble;
    this.temperature = temperature;
    this.metadata = metadata;
    this.reviewThreshold = reviewThreshold;
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public Prediction predict(Transaction transaction) {
    return predict(transaction, reviewThreshold, scratch());
  }

  @Override
  public List<Prediction> predict(List<Transaction> transactions) {
    Scratch s = scratch();
    List<Prediction> out = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      out.add(predict(t, reviewThreshold, s));
    }
    return out;
  }

  @Override
  public void save(Path directory) throws IOException {
    ModelFiles.write(directory, this);
  }

  /** The model file as a writer: a sealed save streams it into memory, never to disk in plaintext. */
  @Override
  public java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files() {
    return java.util.Map.of(ModelFiles.MODEL, out -> ModelFiles.write(out, this));
  }

  List<Category> labels() {
    return labels;
  }

  double temperature() {
    return temperature;
  }

  FeatureSpace space() {
    return space;
  }

  CompiledEnsemble ensemble() {
    return ensemble;
  }

  /** A fit without metadata: used for the held-out split and by the evaluation. */
  private record Fitted(List<Category> labels, FeatureSpace space, CompiledEnsemble ensemble) {}

  /**
   * Trains a model: a held-out split measures accuracy and fits the temperature, then the final
   * model is fitted on every example.
   *
   * @param examples labelled transactions (training set plus corrections)
   * @param settings the settings
   * @param trainingHash the hash recorded in the metadata
   * @return the model
   */
  static TfidfGbmModel train(List<Transaction> examples, Settings settings, String trainingHash) {
    Instant start = Instant.now();
    TreeSet<String> codes = new TreeSet<>();
    for (Transaction t : examples) {
      codes.add(t.category().code());
    }
    if (codes.size() < 2) {
      throw new ModelException("tfidf-gbm needs at least two labels to train, got " + codes);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    double temperature = 1.0;
    List<List<Transaction>> split = split(examples, settings.holdout(), settings.gbm().seed());
    List<Transaction> fitPart = split.get(0);
    List<Transaction> heldOut = split.get(1);
    if (!heldOut.isEmpty() && fitPart.stream().map(t -> t.category().code()).distinct().count() >= 2) {
      Fitted f = fit(fitPart, settings);
      int k = f.labels().size();
      double[][] scores = new double[heldOut.size()][k];
      int[] truth = new int[heldOut.size()];
      double[] x = new double[f.space().width()];
      int right = 0;
      for (int i = 0; i < heldOut.size(); i++) {
        Transaction t = heldOut.get(i);
        f.space().dense(t, x);
        f.ensemble().scores(x, scores[i]);
        truth[i] = f.labels().indexOf(t.category());
      }
      // rows whose label the fit part never saw cannot be scored for likelihood; they count as wrong
      List<Integer> known = new ArrayList<>();
      for (int i = 0; i < truth.length; i++) {
        if (truth[i] >= 0) {
          known.add(i);
        }
      }
      double[][] ks = new double[known.size()][];
      int[] kt = new int[known.size()];
      for (int i = 0; i < known.size(); i++) {
        ks[i] = scores[known.get(i)];
        kt[i] = truth[known.get(i)];
      }
      double fitted = settings.calibrate() && known.size() >= 5 ? Calibration.fitTemperature(ks, kt) : 1.0;
      double[] conf = new double[heldOut.size()];
      double[] confRaw = new double[heldOut.size()];
      boolean[] ok = new boolean[heldOut.size()];
      int[] predicted = new int[heldOut.size()];
      double[] p = new double[k];
      for (int i = 0; i < heldOut.size(); i++) {
        Calibration.softmax(scores[i], 1.0, p);
        int best = argmax(p);
        confRaw[i] = p[best];
        Calibration.softmax(scores[i], fitted, p);
        conf[i] = p[best];
        predicted[i] = best;
        ok[i] = best == truth[i];
        right += ok[i] ? 1 : 0;
      }
      double eceRaw = Calibration.expectedCalibrationError(confRaw, ok);
      double eceFitted = Calibration.expectedCalibrationError(conf, ok);
      // the likelihood-optimal temperature can trade a few confident mistakes for many under-confident
      // right answers; it is applied only when it also lowers the held-out calibration error
      temperature = eceFitted < eceRaw ? fitted : 1.0;
      metrics.put("heldOutSize", (double) heldOut.size());
      metrics.put("accuracy", (double) right / heldOut.size());
      metrics.put("macroF1", macroF1(truth, predicted, k));
      metrics.put("eceUncalibrated", eceRaw);
      metrics.put("eceCalibrated", Math.min(eceRaw, eceFitted));
      metrics.put("temperatureFitted", fitted);
      metrics.put("temperature", temperature);
    }
    Fitted all = fit(examples, settings);
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    metrics.put("trainSeconds", seconds);
    ModelMetadata m = new ModelMetadata(PROVIDER, FORMAT_VERSION, trainingHash, examples.size(),
        List.copyOf(codes), metrics, Instant.now(), settings.asParameters());
    LOG.debug("trained tfidf-gbm on {} examples, {} labels, {} features in {} s", examples.size(), codes.size(),
        all.space().width(), seconds);
    return new TfidfGbmModel(all.labels(), all.space(), all.ensemble(), temperature, m, settings.reviewThreshold());
  }

  private static Fitted fit(List<Transaction> examples, Settings settings) {
    TreeSet<String> codes = new TreeSet<>();
    for (Transaction t : examples) {
      codes.add(t.category().code());
    }
    List<Category> labels = new ArrayList<>();
    for (String c : codes) {
      labels.add(categoryOf(examples, c));
    }
    Map<Category, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    int[] y = new int[examples.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = index.get(examples.get(i).category());
    }
    FeatureSpace space = FeatureSpace.fit(examples, y, labels.size(), settings.vocabulary(), settings.textFeatures());
    double[][] x = new double[examples.size()][space.width()];
    for (int i = 0; i < y.length; i++) {
      space.dense(examples.get(i), x[i]);
    }
    return new Fitted(labels, space, GbmTrainer.fitCompiled(x, y, labels.size(), settings.gbm()));
  }

  private static Category categoryOf(List<Transaction> examples, String code) {
    for (Transaction t : examples) {
      if (t.category().code().equals(code)) {
        return t.category();
      }
    }
    throw new IllegalStateException(code);
  }

  /** Stratified split: of each label with at least 3 examples, a share goes to the held-out part. */
  static List<List<Transaction>> split(List<Transaction> examples, double holdout, long seed) {
    if (holdout <= 0) {
      return List.of(examples, List.of());
    }
    Map<String, List<Transaction>> byLabel = new LinkedHashMap<>();
    for (Transaction t : examples) {
      byLabel.computeIfAbsent(t.category().code(), k -> new ArrayList<>()).add(t);
    }
    Random r = new Random(seed);
    List<Transaction> fit = new ArrayList<>();
    List<Transaction> held = new ArrayList<>();
    for (List<Transaction> group : byLabel.values()) {
      List<Transaction> g = new ArrayList<>(group);
      Collections.shuffle(g, r);
      int h = g.size() >= 3 ? Math.max(1, (int) Math.round(g.size() * holdout)) : 0;
      held.addAll(g.subList(0, h));
      fit.addAll(g.subList(h, g.size()));
    }
    return List.of(fit, held);
  }

  static double macroF1(int[] truth, int[] predicted, int k) {
    int[] tp = new int[k];
    int[] fp = new int[k];
    int[] fn = new int[k];
    boolean[] present = new boolean[k];
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] >= 0) {
        present[truth[i]] = true;
      }
      if (predicted[i] == truth[i]) {
        tp[predicted[i]]++;
      } else {
        fp[predicted[i]]++;
        if (truth[i] >= 0) {
          fn[truth[i]]++;
        }
      }
    }
    double sum = 0;
    int n = 0;
    for (int c = 0; c < k; c++) {
      if (!present[c]) {
        continue;
      }
      double denom = 2.0 * tp[c] + fp[c] + fn[c];
      sum += denom == 0 ? 0 : 2.0 * tp[c] / denom;
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  /** Per-call scratch space, so that batch scoring allocates once. */
  final class Scratch {
    final double[] x = new double[space.width()];
    final double[] p = new double[labels.size()];
  }

  Scratch scratch() {
    return new Scratch();
  }

  /**
   * Categorizes one transaction.
   *
   * @param t the transaction
   * @param reviewThreshold below this confidence the prediction needs review
   * @param s scratch space from {@link #scratch()}, not shared between threads
   * @return the prediction
   */
  Prediction predict(Transaction t, double reviewThreshold, Scratch s) {
    space.dense(t, s.x);
    ensemble.scores(s.x, s.p);
    Calibration.softmax(s.p, temperature, s.p);
    int best = argmax(s.p);
    double confidence = s.p[best];
    List<ScoredCategory> alternatives = new ArrayList<>(ALTERNATIVES);
    boolean[] used = new boolean[s.p.length];
    used[best] = true;
    for (int a = 0; a < ALTERNATIVES && a < s.p.length - 1; a++) {
      int next = -1;
      for (int c = 0; c < s.p.length; c++) {
        if (!used[c] && (next < 0 || s.p[c] > s.p[next])) {
          next = c;
        }
      }
      used[next] = true;
      alternatives.add(new ScoredCategory(labels.get(next), s.p[next]));
    }
    boolean review = confidence < reviewThreshold;
    List<String> explanation = explain(s.x, best, confidence, reviewThreshold, review);
    return new Prediction(labels.get(best), confidence, alternatives, explanation, review, PROVIDER);
  }

  private List<String> explain(double[] x, int best, double confidence, double threshold, boolean review) {
    double[] contrib = ensemble.contributions(x, best);
    List<String> out = new ArrayList<>(EXPLAINED + 1);
    if (review) {
      out.add(String.format(java.util.Locale.ROOT, "needs review: confidence %.2f is below %.2f", confidence,
          threshold));
    }
    boolean[] used = new boolean[contrib.length];
    for (int e = 0; e < EXPLAINED; e++) {
      int top = -1;
      for (int j = 0; j < contrib.length; j++) {
        if (!used[j] && contrib[j] > 1e-12 && (top < 0 || contrib[j] > contrib[top])) {
          top = j;
        }
      }
      if (top < 0) {
        break;
      }
      used[top] = true;
      String present = space.isText(top) ? (x[top] > 0 ? "" : " (absent)") : "";
      out.add(space.describe(top) + present + ' ' + signed2(contrib[top]));
    }
    if (out.isEmpty() || (review && out.size() == 1)) {
      out.add("no single feature stands out; the label's overall frequency decided");
    }
    return out;
  }

  /** {@code +1.23} / {@code -0.05}: String.format costs more than scoring a transaction. */
  static String signed2(double v) {
    long c = Math.round(Math.abs(v) * 100);
    StringBuilder sb = new StringBuilder(8).append(v < 0 && c != 0 ? '-' : '+').append(c / 100).append('.');
    long frac = c % 100;
    return sb.append(frac < 10 ? "0" : "").append(frac).toString();
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(labels.size());
    for (Category c : labels) {
      out.writeUTF(c.code());
      out.writeUTF(c.primary());
    }
    out.writeDouble(temperature);
    space.write(out);
    ensemble.write(out);
  }

  static TfidfGbmModel read(DataInput in, ModelMetadata metadata, double reviewThreshold) throws IOException {
    int k = in.readInt();
    if (k < 2 || k > 100_000) {
      throw new ModelException("saved model is corrupt: " + k + " labels");
    }
    List<Category> labels = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      labels.add(new Category(in.readUTF(), in.readUTF()));
    }
    double temperature = in.readDouble();
    if (!(temperature > 0)) {
      throw new ModelException("saved model is corrupt: temperature " + temperature);
    }
    FeatureSpace space = FeatureSpace.read(in);
    CompiledEnsemble ensemble = CompiledEnsemble.read(in);
    return new TfidfGbmModel(labels, space, ensemble, temperature, metadata, reviewThreshold);
  }
}
