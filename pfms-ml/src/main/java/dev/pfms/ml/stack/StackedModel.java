package dev.pfms.ml.stack;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.categorize.Calibration;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.gbm.CompiledEnsemble;
import dev.pfms.ml.gbm.GbmTrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A fitted {@code stacked-gbm} model: stage 1 {@link Evidence} over the labelled transactions, stage
 * 2 a gradient-boosted binary classifier that scores each candidate label from that evidence, and a
 * temperature plus a "none of these" bias fitted on out-of-fold stage-2 scores.
 *
 * <p>Pure: {@link #fit} returns an immutable value, {@link #predict} reads it. Thread-safe.
 */
public final class StackedModel {

  /** The provider name. */
  public static final String PROVIDER = "stacked-gbm";
  static final int FORMAT_VERSION = 1;
  private static final int ALTERNATIVES = 3;
  private static final int MIN_POSITIVES = 8;

  private final List<Category> labels;
  private final Evidence evidence;
  private final CompiledEnsemble ensemble;
  private final double temperature;
  private final double nullBias;
  private final StackOptions options;
  private final ModelMetadata metadata;

  private StackedModel(List<Category> labels, Evidence evidence, CompiledEnsemble ensemble, double temperature,
      double nullBias, StackOptions options, ModelMetadata metadata) {
    this.labels = List.copyOf(labels);
    this.evidence = evidence;
    this.ensemble = ensemble;
    this.temperature = temperature;
    this.nullBias = nullBias;
    this.options = options;
    this.metadata = metadata;
  }

  /**
   * What was trained.
   *
   * @return the metadata (held-out metrics from the inner folds)
   */
  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * The labels.
   *
   * @return the labels, sorted by code
   */
  public List<Category> labels() {
    return labels;
  }

  /**
   * Whether stage 1 used sentence embeddings.
   *
   * @return true when the embedding engine was present at fit time
   */
  public boolean usesEmbeddings() {
    return evidence.hasEmbeddings();
  }

  /** Pairs of (training row, candidate label) with their features. */
  private record Pairs(double[][] x, int[] y, int[] row, Evidence.Query[] queries, int[] truth) {}

  /**
   * Fits a model.
   *
   * @param examples labelled transactions, each with a category
   * @param options the settings
   * @param embeddings sentence embeddings, or null to use TF-IDF alone
   * @param zeroShot per transaction of a batch: zero-shot primary code, detailed code, and "L" when a lexicon
   *     phrase decided (a stage-2 feature)
   * @param trainingHash recorded in the metadata
   * @return the model
   * @throws ModelException with fewer than two labels
   */
  public static StackedModel fit(List<Transaction> examples, StackOptions options, OptionalEmbeddings embeddings,
      Function<List<Transaction>, List<String[]>> zeroShot, String trainingHash) {
    Instant start = Instant.now();
    TreeMap<String, Category> byCode = new TreeMap<>();
    for (Transaction t : examples) {
      byCode.putIfAbsent(t.category().code(), t.category());
    }
    if (byCode.size() < 2) {
      throw new ModelException(PROVIDER + " needs at least two labels to train, got " + byCode.keySet());
    }
    List<Category> labels = new ArrayList<>(byCode.values());
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i).code(), i);
    }
    int[] y = new int[examples.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = index.get(examples.get(i).category().code());
    }
    Evidence ev = new Evidence(examples, y, labels.size(), options.vocabulary(), embeddings, zeroShot);
    Pairs pairs = pairs(ev.trainingQueries(options.candidates()), y);
    int positives = 0;
    for (int v : pairs.y()) {
      positives += v;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("positivePairs", (double) positives);
    metrics.put("pairs", (double) pairs.y().length);
    CompiledEnsemble ensemble = null;
    double temperature = 1.0;
    double nullBias = heuristicNullBias();
    // the similarity score needs no fit: its leave-one-out margins are already out-of-sample
    double[][] similarity = new double[examples.size()][];
    for (int i = 0; i < similarity.length; i++) {
      double[][] qx = pairs.queries()[i].rows();
      similarity[i] = new double[qx.length];
      for (int j = 0; j < qx.length; j++) {
        similarity[i][j] = heuristicMargin(qx[j]);
      }
    }
    double simAccuracy = accuracy(similarity, pairs.truth());
    metrics.put("heldOutAccuracySimilarity", simAccuracy);
    double[][] chosen = positives >= MIN_POSITIVES ? similarity : null;
    if (positives >= MIN_POSITIVES && positives < pairs.y().length) {
      double[][] margins = options.calibrationFolds() >= 2 ? outOfFold(pairs, examples.size(), options) : null;
      double gbmAccuracy = margins == null ? -1 : accuracy(margins, pairs.truth());
      metrics.put("heldOutAccuracyStage2", gbmAccuracy);
      // stage 2 is used when its out-of-fold accuracy is at least the similarity score's (with very few
      // examples per label, boosting over a handful of positive pairs does worse than similarity)
      if (margins == null || gbmAccuracy >= simAccuracy) {
        ensemble = fitStage2(pairs.x(), pairs.y(), options);
        chosen = margins;
      }
    }
    if (chosen != null) {
      double[] tb = fitTemperatureAndBias(chosen, pairs.truth());
      temperature = tb[0];
      nullBias = tb[1];
      heldOutMetrics(chosen, pairs.truth(), temperature, nullBias, metrics);
    }
    metrics.put("temperature", temperature);
    metrics.put("nullBias", nullBias);
    metrics.put("stage2", ensemble == null ? 0.0 : 1.0);
    metrics.put("embeddings", ev.hasEmbeddings() ? 1.0 : 0.0);
    metrics.put("trainSeconds", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    Map<String, String> params = new LinkedHashMap<>(options.asParameters());
    params.put("embeddingModel", embeddings == null ? "none" : embeddings.modelId());
    ModelMetadata md = new ModelMetadata(PROVIDER, FORMAT_VERSION, trainingHash, examples.size(),
        List.copyOf(byCode.keySet()), metrics, Instant.now(), params);
    return new StackedModel(labels, ev, ensemble, temperature, nullBias, options, md);
  }

  private static Pairs pairs(Evidence.Query[] queries, int[] y) {
    List<double[]> x = new ArrayList<>();
    List<Integer> target = new ArrayList<>();
    List<Integer> row = new ArrayList<>();
    int[] truth = new int[queries.length];
    for (int i = 0; i < queries.length; i++) {
      truth[i] = -1;
      Evidence.Query q = queries[i];
      for (int j = 0; j < q.candidates().length; j++) {
        x.add(q.rows()[j]);
        boolean right = q.candidates()[j] == y[i];
        target.add(right ? 1 : 0);
        row.add(i);
        if (right) {
          truth[i] = j;
        }
      }
    }
    return new Pairs(x.toArray(new double[0][]), target.stream().mapToInt(Integer::intValue).toArray(),
        row.stream().mapToInt(Integer::intValue).toArray(), queries, truth);
  }

  private static CompiledEnsemble fitStage2(double[][] x, int[] y, StackOptions o) {
    return CompiledEnsemble.compile(GbmTrainer.fit(x, y, 2, o.gbm()), 2, Evidence.WIDTH, o.gbm().shrinkage());
  }

  /** Stage-2 margins of every training row's candidates, each from a fit that did not see the row. */
  private static double[][] outOfFold(Pairs p, int rows, StackOptions o) {
    int folds = o.calibrationFolds();
    int[] fold = new int[rows];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new Random(o.gbm().seed()));
    for (int k = 0; k < rows; k++) {
      fold[order.get(k)] = k % folds;
    }
    double[][] margins = new double[rows][];
    for (int i = 0; i < rows; i++) {
      margins[i] = new double[p.queries()[i].candidates().length];
    }
    double[] s = new double[2];
    for (int f = 0; f < folds; f++) {
      List<double[]> x = new ArrayList<>();
      List<Integer> y = new ArrayList<>();
      int pos = 0;
      for (int k = 0; k < p.y().length; k++) {
        if (fold[p.row()[k]] != f) {
          x.add(p.x()[k]);
          y.add(p.y()[k]);
          pos += p.y()[k];
        }
      }
      if (pos < 2 || pos == y.size()) {
        return null;
      }
      CompiledEnsemble e = fitStage2(x.toArray(new double[0][]), y.stream().mapToInt(Integer::intValue).toArray(), o);
      for (int i = 0; i < rows; i++) {
        if (fold[i] == f) {
          double[][] qx = p.queries()[i].rows();
          for (int j = 0; j < qx.length; j++) {
            e.scores(qx[j], s);
            margins[i][j] = 2 * s[1];
          }
        }
      }
    }
    return margins;
  }

  private static double accuracy(double[][] margins, int[] truth) {
    int right = 0;
    for (int i = 0; i < margins.length; i++) {
      int best = argmax(margins[i], margins[i].length);
      right += best >= 0 && best == truth[i] ? 1 : 0;
    }
    return margins.length == 0 ? 0 : (double) right / margins.length;
  }

  /** Grid search of the temperature and the "none of these" bias by out-of-fold log-likelihood. */
  private static double[] fitTemperatureAndBias(double[][] margins, int[] truth) {
    double bestT = 1;
    double bestB = 0;
    double best = Double.POSITIVE_INFINITY;
    for (int ti = 0; ti <= 24; ti++) {
      double t = Math.exp(Math.log(0.2) + ti * (Math.log(5) - Math.log(0.2)) / 24);
      for (int bi = 0; bi <= 24; bi++) {
        double b = -8 + bi * 0.5;
        double nll = 0;
        for (int i = 0; i < margins.length; i++) {
          double[] p = probabilities(margins[i], t, b);
          nll -= Math.log(Math.max(1e-12, truth[i] >= 0 ? p[truth[i]] : p[p.length - 1]));
        }
        if (nll < best) {
          best = nll;
          bestT = t;
          bestB = b;
        }
      }
    }
    return new double[] {bestT, bestB};
  }

  private static void heldOutMetrics(double[][] margins, int[] truth, double t, double b, Map<String, Double> m) {
    double[] conf = new double[margins.length];
    boolean[] ok = new boolean[margins.length];
    int right = 0;
    for (int i = 0; i < margins.length; i++) {
      double[] p = probabilities(margins[i], t, b);
      int best = argmax(p, p.length - 1);
      conf[i] = best < 0 ? 0 : p[best];
      ok[i] = best >= 0 && best == truth[i];
      right += ok[i] ? 1 : 0;
    }
    m.put("heldOutAccuracy", margins.length == 0 ? 0 : (double) right / margins.length);
    m.put("heldOutEce", Calibration.expectedCalibrationError(conf, ok));
  }

  /** Softmax over the candidates plus a last "none of these" entry with logit {@code b}. */
  static double[] probabilities(double[] margins, double t, double b) {
    double[] p = new double[margins.length + 1];
    double max = b;
    for (double m : margins) {
      max = Math.max(max, m / t);
    }
    double sum = 0;
    for (int j = 0; j < margins.length; j++) {
      p[j] = Math.exp(margins[j] / t - max);
      sum += p[j];
    }
    p[margins.length] = Math.exp(b - max);
    sum += p[margins.length];
    for (int j = 0; j < p.length; j++) {
      p[j] /= sum;
    }
    return p;
  }

  private static int argmax(double[] p, int len) {
    int best = -1;
    for (int j = 0; j < len; j++) {
      if (best < 0 || p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }

  /** Without a stage-2 fit (too few labels with two or more examples), similarity decides. */
  private static double heuristicMargin(double[] x) {
    double sim = Math.max(Math.max(x[0], x[7]), x[35]);
    return 8 * sim + 2 * x[2] + (x[9] > 0 ? 2 * x[9] : 0) + 1.5 * x[27] - 0.2 * Math.min(x[18], 5);
  }

  private static double heuristicNullBias() {
    return 4.0;
  }

  /**
   * Categorizes a batch.
   *
   * @param batch the transactions (their categories are ignored)
   * @return one prediction per transaction, in order
   */
  public List<Prediction> predict(List<Transaction> batch) {
    if (batch.isEmpty()) {
      return List.of();
    }
    Evidence.Query[] qs = evidence.queries(batch, options.candidates());
    List<Prediction> out = new ArrayList<>(batch.size());
    double[] s = new double[2];
    for (Evidence.Query q : qs) {
      double[] m = new double[q.candidates().length];
      for (int j = 0; j < m.length; j++) {
        if (ensemble == null) {
          m[j] = heuristicMargin(q.rows()[j]);
        } else {
          ensemble.scores(q.rows()[j], s);
          m[j] = 2 * s[1];
        }
      }
      out.add(decide(q, m));
    }
    return out;
  }

  private Prediction decide(Evidence.Query q, double[] margins) {
    double[] p = probabilities(margins, temperature, nullBias);
    int k = margins.length;
    int best = argmax(p, k);
    double none = p[k];
    Category detailed = labels.get(q.candidates()[best]);
    double conf = p[best];
    Map<String, Double> primaries = new LinkedHashMap<>();
    for (int j = 0; j < k; j++) {
      primaries.merge(labels.get(q.candidates()[j]).primary(), p[j], Double::sum);
    }
    String bestPrimary = detailed.primary();
    double primaryConf = primaries.get(bestPrimary);
    for (Map.Entry<String, Double> e : primaries.entrySet()) {
      if (e.getValue() > primaryConf) {
        bestPrimary = e.getKey();
        primaryConf = e.getValue();
      }
    }
    boolean ood = q.top1T() < options.oodTfidf() && (!evidence.hasEmbeddings() || q.top1E() < options.oodEmbedding());
    List<String> explanation = new ArrayList<>();
    Category chosen = detailed;
    double chosenConf = conf;
    if (fallsBackToPrimary(options.hierarchy(), detailed, conf, primaryConf, options.reviewThreshold())) {
      chosen = new Category(bestPrimary, bestPrimary);
      chosenConf = primaryConf;
      explanation.add(String.format(Locale.ROOT, "primary %s (%.2f); the detailed %s (%.2f) is not sure enough",
          bestPrimary, primaryConf, detailed.code(), conf));
    } else {
      explanation.add(String.format(Locale.ROOT, "detailed %s (%.2f), primary %s (%.2f)", detailed.code(), conf,
          detailed.primary(), primaries.get(detailed.primary())));
    }
    boolean review = chosenConf < options.reviewThreshold() || ood;
    if (ood) {
      chosenConf = Math.min(chosenConf, none + conf > 0 ? conf / (conf + none) * 0.5 : 0.5);
      explanation.add(0, String.format(Locale.ROOT,
          "needs review: unlike any labelled transaction (nearest TF-IDF similarity %.2f%s)", Math.max(0, q.top1T()),
          evidence.hasEmbeddings() ? String.format(Locale.ROOT, ", embedding %.2f", q.top1E()) : ""));
    } else if (review) {
      explanation.add(0, String.format(Locale.ROOT, "needs review: confidence %.2f is below %.2f", chosenConf,
          options.reviewThreshold()));
    }
    if (q.nearest() >= 0) {
      explanation.add(String.format(Locale.ROOT, "nearest labelled transaction: '%s' -> %s (TF-IDF %.2f)",
          evidence.describeNeighbour(q.nearest()), labels.get(evidence.label[q.nearest()]).code(),
          Math.max(0, q.top1T())));
    }
    explanation.addAll(topEvidence(q.rows()[best]));
    if (none > 0.2) {
      explanation.add(String.format(Locale.ROOT, "%.2f that it is none of the known labels", none));
    }
    List<ScoredCategory> alternatives = new ArrayList<>(ALTERNATIVES);
    boolean[] used = new boolean[k];
    for (int a = 0; a < ALTERNATIVES; a++) {
      int next = -1;
      for (int j = 0; j < k; j++) {
        Category c = labels.get(q.candidates()[j]);
        if (!used[j] && !c.equals(chosen) && (next < 0 || p[j] > p[next])) {
          next = j;
        }
      }
      if (next < 0) {
        break;
      }
      used[next] = true;
      alternatives.add(new ScoredCategory(labels.get(q.candidates()[next]), clamp(p[next])));
    }
    return new Prediction(chosen, clamp(chosenConf), alternatives, explanation, review, PROVIDER);
  }

  /**
   * The hierarchy rule: the primary category is the answer when the detailed one is below the review
   * threshold and the summed probability of the best primary group is at or above it.
   */
  static boolean fallsBackToPrimary(boolean hierarchy, Category detailed, double detailedConf, double primaryConf,
      double threshold) {
    return hierarchy && !detailed.isPrimary() && detailedConf < threshold && primaryConf >= threshold;
  }

  private List<String> topEvidence(double[] x) {
    List<String> out = new ArrayList<>(3);
    if (ensemble == null) {
      out.add(String.format(Locale.ROOT, "similarity decided (stage 2 did not beat it out of fold, or too few repeated labels): %s %.2f",
          Evidence.NAMES[0], x[0]));
      return out;
    }
    double[] contrib = ensemble.contributions(x, 1);
    boolean[] used = new boolean[contrib.length];
    for (int e = 0; e < 3; e++) {
      int top = -1;
      for (int j = 0; j < contrib.length; j++) {
        if (!used[j] && Math.abs(contrib[j]) > 1e-9 && (top < 0 || Math.abs(contrib[j]) > Math.abs(contrib[top]))) {
          top = j;
        }
      }
      if (top < 0) {
        break;
      }
      used[top] = true;
      out.add(String.format(Locale.ROOT, "%s = %.2f (%+.2f)", Evidence.NAMES[top], x[top], contrib[top]));
    }
    return out;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  @Override
  public String toString() {
    return "StackedModel[" + labels.size() + " labels, " + evidence.n + " examples, "
        + (ensemble == null ? "similarity only" : ensemble.toString()) + ", T=" + temperature + "]";
  }
}
