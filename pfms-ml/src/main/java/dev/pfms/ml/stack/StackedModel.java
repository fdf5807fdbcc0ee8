package dev.pfms.ml.stack;

import dev.pfms.api.ModelException;
import dev.pfms.api.categorize.CategorizerModel;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.ModelInput;
import dev.pfms.api.io.ModelOutput;
import dev.pfms.api.io.SavedModel;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.ScoredCategory;
import dev.pfms.api.model.Transaction;
import dev.pfms.ml.categorize.Calibration;
import dev.pfms.ml.embed.OptionalEmbeddings;
import dev.pfms.ml.gbm.CompiledEnsemble;
import dev.pfms.ml.gbm.GbmOptions;
import dev.pfms.ml.gbm.GbmTrainer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A fitted {@code stacked-gbm} model: stage 1 {@link Evidence} over the labelled transactions, stage
 * 2 a gradient-boosted binary classifier that scores each candidate label from that evidence, and a
 * temperature plus a "none of these" bias fitted on out-of-fold stage-2 scores.
 *
 * <p>Pure: {@link #fit} returns an immutable value, {@link #predict} reads it; it is the
 * {@link CategorizerModel} that {@link dev.pfms.api.categorize.ModelCategorizer} holds, swaps and
 * saves. Saved as {@code memory.bin} (labels, calibration, options and the stage-1 memory:
 * per distinct text its TF-IDF weights and embedding, per row its label, rounded log magnitude,
 * sign, day of month, weekday, a hash of the account, the normalized merchant key and its
 * zero-shot codes — no raw description, amount, date or account) and {@code stage2.bin} (the
 * compiled ensemble, when stage 2 was fitted). Thread-safe.
 */
public final class StackedModel implements CategorizerModel {

  /** The provider name. */
  public static final String PROVIDER = "stacked-gbm";
  /**
   * 4: label-given-zero-shot-guess features (ADR 0028); 3: label-name features and the choice of final
   * scorer (similarity, boosted trees, conditional logit or their blend); 2: saved through the categorizer
   * base (format 1 could not be saved). An older model is refused with a request to retrain: its stage 2
   * has fewer feature columns.
   */
  static final int FORMAT_VERSION = 4;
  static final String MEMORY = "memory.bin";
  static final String STAGE2 = "stage2.bin";
  private static final String MAGIC = "pfms/stacked-gbm";
  private static final int ALTERNATIVES = 3;
  private static final int MIN_POSITIVES = 8;
  /** The final scorer: the similarity score, the boosted stage 2, the conditional logit, or GBM + logit. */
  static final int SIMILARITY = 0;
  static final int GBM = 1;
  static final int LOGIT = 2;
  static final int BLEND = 3;
  private static final String[] KIND_NAMES = {"similarity", "gbm", "logit", "gbm+logit"};
  private static final double[] PRIOR_WEIGHTS = {0, 1, 2, 3, 4, 6, 8, 12};
  /** The label-name weight of the similarity score when leave-one-out accuracy cannot tell weights apart. */
  private static final double DEFAULT_PRIOR_WEIGHT = 4;
  /**
   * Positive pairs per fitted parameter a scorer needs before it may replace the similarity score: the
   * conditional logit has one weight per feature; boosted trees (80 rounds of up to 12 leaves) need more.
   */
  private static final int LOGIT_POSITIVES_PER_FEATURE = 2;
  private static final int GBM_POSITIVES_PER_FEATURE = 10;
  /** Most transactions in one fit of the conditional logit (see {@link #capLogitRows}). */
  static final int LOGIT_MAX_ROWS = 1500;
  private static final double LOGIT_L2 = 0.05;
  /** Margin of a candidate that stage 2 cannot score (a label with no other example, leave-one-out only). */
  private static final double UNSCORED = -30;

  private final List<Category> labels;
  private final Evidence evidence;
  private final CompiledEnsemble ensemble;
  private final CandidateLogit logit;
  private final int kind;
  private final double priorWeight;
  private final double temperature;
  private final double nullBias;
  private final StackOptions options;
  private final ModelMetadata metadata;

  private StackedModel(List<Category> labels, Evidence evidence, CompiledEnsemble ensemble, CandidateLogit logit,
      int kind, double priorWeight, double temperature, double nullBias, StackOptions options, ModelMetadata metadata) {
    this.labels = List.copyOf(labels);
    this.evidence = evidence;
    this.ensemble = ensemble;
    this.logit = logit;
    this.kind = kind;
    this.priorWeight = priorWeight;
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
  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public void save(Path directory) throws IOException {
    for (java.util.Map.Entry<String, dev.pfms.api.io.ModelDirectory.Content> f : files().entrySet()) {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(directory.resolve(f.getKey())))) {
        f.getValue().writeTo(os);
      }
    }
  }

  /** The model's files as writers: a sealed save streams them into memory, never to disk in plaintext. */
  @Override
  public java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files() {
    java.util.Map<String, dev.pfms.api.io.ModelDirectory.Content> files = new java.util.LinkedHashMap<>();
    files.put(MEMORY, this::writeMemory);
    if (ensemble != null) {
      files.put(STAGE2, os -> {
        DataOutputStream out = new DataOutputStream(os);
        ensemble.write(out);
        out.flush();
      });
    }
    return files;
  }

  private void writeMemory(OutputStream os) throws IOException {
    ModelOutput out = new ModelOutput(os);
    out.writeUTF(MAGIC);
    out.writeInt(FORMAT_VERSION);
    out.writeInt(labels.size());
    for (Category c : labels) {
      out.writeUTF(c.code());
      out.writeUTF(c.primary());
    }
    out.writeDouble(temperature);
    out.writeDouble(nullBias);
    GbmOptions g = options.gbm();
    out.writeInts(new int[] {g.trees(), g.maxDepth(), g.maxNodes(), g.nodeSize(), options.vocabulary(),
        options.candidates(), options.calibrationFolds(), options.hierarchy() ? 1 : 0});
    out.writeDoubles(new double[] {g.shrinkage(), g.subsample(), g.seed(), options.reviewThreshold(),
        options.oodTfidf(), options.oodEmbedding()});
    out.writeInt(kind);
    out.writeDouble(priorWeight);
    out.data().writeBoolean(logit != null);
    if (logit != null) {
      out.writeDoubles(logit.mean);
      out.writeDoubles(logit.scale);
      out.writeDoubles(logit.weight);
    }
    evidence.write(out);
    out.flush();
  }

  /**
   * Reads a model saved by {@link #save(Path)}.
   *
   * @param saved the saved model, read and verified (and opened, when sealed) by the base
   * @param embeddings sentence embeddings, or null (a model fitted with them then fails to load)
   * @param zeroShot the zero-shot features (rebuilt from the shipped lexicon)
   * @return the model
   * @throws IOException when a file cannot be read
   * @throws ModelException when the files are not a stacked-gbm model
   */
  static StackedModel read(SavedModel saved, OptionalEmbeddings embeddings,
      Function<List<Transaction>, List<String[]>> zeroShot) throws IOException {
    ModelMetadata metadata = saved.metadata();
    Path directory = saved.directory();
    ModelInput in = saved.input(MEMORY);
    if (!MAGIC.equals(in.readUTF())) {
      throw in.corrupt("not a stacked-gbm model");
    }
    int version = in.readInt();
    if (version != FORMAT_VERSION) {
      throw new ModelException(directory + ": a stacked-gbm model of format " + version + ", this pfms reads format "
          + FORMAT_VERSION + " (format 4 added label-given-zero-shot-guess features to stage 2); retrain it from"
          + " your labels");
    }
    int k = in.readInt("labels", 2, 1_000_000);
    List<Category> labels = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      String code = in.readUTF();
      String primary = in.readUTF();
      try {
        labels.add(new Category(code, primary));
      } catch (IllegalArgumentException e) {
        throw in.corrupt("label " + i + ": " + e.getMessage());
      }
    }
    if (!labels.stream().map(Category::code).toList().equals(metadata.labels())) {
      throw new ModelException(directory + ": label set in metadata.json " + metadata.labels()
          + " differs from the model's");
    }
    double temperature = in.readFinite("temperature");
    double nullBias = in.readFinite("none-of-these bias");
    if (!(temperature > 0)) {
      throw in.corrupt("temperature " + temperature);
    }
    int[] oi = in.readInts("options");
    double[] od = in.readDoubles("options");
    if (oi.length != 8 || od.length != 6) {
      throw in.corrupt("options: " + oi.length + " + " + od.length + " values");
    }
    StackOptions options;
    try {
      options = new StackOptions(new GbmOptions(oi[0], oi[1], oi[2], oi[3], od[0], od[1], (long) od[2]), oi[4],
          oi[5], oi[6], od[3], oi[7] == 1, od[4], od[5]);
    } catch (IllegalArgumentException e) {
      throw in.corrupt("options: " + e.getMessage());
    }
    int kind = in.readInt("scorer", SIMILARITY, BLEND);
    double priorWeight = in.readFinite("label-name weight");
    CandidateLogit logit = null;
    if (in.readBoolean()) {
      double[] mean = in.readDoubles("logit means");
      double[] scale = in.readDoubles("logit scales");
      double[] weight = in.readDoubles("logit weights");
      if (mean.length != Evidence.WIDTH || scale.length != Evidence.WIDTH || weight.length != Evidence.WIDTH) {
        throw in.corrupt("logit: " + weight.length + " weights for " + Evidence.WIDTH + " features");
      }
      for (int j = 0; j < Evidence.WIDTH; j++) {
        if (!Double.isFinite(mean[j]) || !Double.isFinite(scale[j]) || !Double.isFinite(weight[j])) {
          throw in.corrupt("logit weight is not finite");
        }
      }
      logit = new CandidateLogit(mean, scale, weight);
    }
    if ((kind == LOGIT || kind == BLEND) != (logit != null)) {
      throw in.corrupt("scorer " + KIND_NAMES[kind] + " with" + (logit == null ? "out" : "") + " logit weights");
    }
    Evidence ev = Evidence.read(in, embeddings, zeroShot, labels);
    in.expectEnd();
    if (ev.classes != k) {
      throw in.corrupt("memory has " + ev.classes + " labels, the model " + k);
    }
    CompiledEnsemble ensemble = null;
    java.util.Optional<byte[]> stage2 = saved.find(STAGE2);
    if (stage2.isPresent()) {
      DataInputStream d = new DataInputStream(new ByteArrayInputStream(stage2.get()));
      ensemble = CompiledEnsemble.read(d);
      if (d.read() != -1) {
        throw new ModelException(directory.resolve(STAGE2) + " has bytes after the ensemble");
      }
      if (ensemble.classes() != 2 || ensemble.width() != Evidence.WIDTH) {
        throw new ModelException(directory.resolve(STAGE2) + " is not a stage-2 ensemble of " + Evidence.WIDTH
            + " features");
      }
    }
    if ((kind == GBM || kind == BLEND) != (ensemble != null)) {
      throw new ModelException(directory + ": scorer " + KIND_NAMES[kind] + " and " + STAGE2 + " "
          + (ensemble == null ? "is missing" : "is unexpected"));
    }
    return new StackedModel(labels, ev, ensemble, logit, kind, priorWeight, temperature, nullBias, options, metadata);
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

  /**
   * Pairs of (training row, candidate label) with their features. With {@code unseen} (declared labels
   * without examples exist) a candidate with no other example is scored and learnt from like any other —
   * a leave-one-out row whose label is alone is what a new transaction of a declared, example-less label
   * looks like; without it such candidates are left out, as no new transaction meets one.
   */
  private record Pairs(double[][] x, int[] y, int[] row, Evidence.Query[] queries, int[] truth, boolean unseen) {
    boolean skip(Evidence.Query q, int j) {
      return q.alone()[j] && !unseen;
    }
  }

  /**
   * Fits a model on labelled transactions and declared categories, which become labels even without
   * examples: such a label can be predicted from its name (the label-name evidence), and stage 2 then
   * learns from the leave-one-out rows whose label has no other example.
   *
   * @param examples labelled transactions, each with a category
   * @param declared categories to know beside the examples' (may be empty)
   * @param options the settings
   * @param embeddings sentence embeddings, or null to use TF-IDF alone
   * @param zeroShot per transaction of a batch: zero-shot primary code, detailed code, and "L" when a lexicon
   *     phrase decided (a stage-2 feature)
   * @param trainingHash recorded in the metadata
   * @return the model
   * @throws ModelException with fewer than two labels
   */
  public static StackedModel fit(List<Transaction> examples, List<Category> declared, StackOptions options,
      OptionalEmbeddings embeddings, Function<List<Transaction>, List<String[]>> zeroShot, String trainingHash) {
    Instant start = Instant.now();
    TreeMap<String, Category> byCode = new TreeMap<>();
    for (Transaction t : examples) {
      byCode.putIfAbsent(t.category().code(), t.category());
    }
    // declared categories without examples: the fitted scorers learn from rows whose label is alone
    boolean unseen = false;
    for (Category c : declared) {
      unseen |= byCode.putIfAbsent(c.code(), c) == null;
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
    Evidence ev = new Evidence(examples, y, labels.size(), options.vocabulary(), embeddings, zeroShot, labels);
    Pairs pairs = pairs(ev.trainingQueries(options.candidates()), y, unseen);
    int positives = 0;
    for (int v : pairs.y()) {
      positives += v;
    }
    int recalled = 0;
    for (int t : pairs.truth()) {
      recalled += t >= 0 ? 1 : 0;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("positivePairs", (double) positives);
    metrics.put("pairs", (double) pairs.y().length);
    metrics.put("candidateRecall", examples.isEmpty() ? 0 : (double) recalled / examples.size());
    CompiledEnsemble ensemble = null;
    CandidateLogit logit = null;
    int kind = SIMILARITY;
    double temperature = 1.0;
    double nullBias = heuristicNullBias();
    // the similarity score needs no fit: its leave-one-out margins are already out-of-sample; only the weight
    // of the label-name similarity in it is chosen, by that leave-one-out accuracy
    double priorWeight = DEFAULT_PRIOR_WEIGHT;
    double[][] similarity = heuristicMargins(pairs.queries(), priorWeight, ev.hasEmbeddings());
    double simAccuracy = accuracy(similarity, pairs.truth());
    for (double w : PRIOR_WEIGHTS) {
      double[][] m = heuristicMargins(pairs.queries(), w, ev.hasEmbeddings());
      double a = accuracy(m, pairs.truth());
      if (a > simAccuracy + 1e-12) {
        simAccuracy = a;
        similarity = m;
        priorWeight = w;
      }
    }
    // a fitted scorer never sees a label without other examples (see Evidence): for it such a row's truth
    // is "none of these"
    int[] fittedTruth = pairs.truth().clone();
    for (int i = 0; i < fittedTruth.length; i++) {
      if (fittedTruth[i] >= 0 && pairs.skip(pairs.queries()[i], fittedTruth[i])) {
        fittedTruth[i] = -1;
      }
    }
    int[] chosenTruth = pairs.truth();
    metrics.put("heldOutAccuracySimilarity", simAccuracy);
    metrics.put("labelNameWeight", priorWeight);
    double[][] chosen = positives >= MIN_POSITIVES ? similarity : null;
    if (positives >= MIN_POSITIVES && positives < pairs.y().length && options.calibrationFolds() >= 2) {
      int[] fold = folds(examples.size(), options);
      // a column constant over every pair (the embedding columns without embeddings) is no parameter to fit
      int varying = varyingColumns(pairs.x());
      metrics.put("varyingFeatures", (double) varying);
      double[][] gbm = positives >= GBM_POSITIVES_PER_FEATURE * varying ? outOfFold(pairs, fold, options) : null;
      double[][] lin = positives >= LOGIT_POSITIVES_PER_FEATURE * varying
          ? outOfFoldLogit(pairs, fold, options.calibrationFolds()) : null;
      double[][] blend = gbm == null || lin == null ? null : sum(gbm, lin);
      double[][][] byKind = {similarity, gbm, lin, blend};
      // compared on the rows whose right label has other examples: a new transaction's label always has some,
      // so only the similarity score's leave-one-out view has rows it alone can get right
      boolean[] comparable = new boolean[fittedTruth.length];
      for (int i = 0; i < comparable.length; i++) {
        comparable[i] = fittedTruth[i] >= 0 || pairs.truth()[i] < 0;
      }
      double simComparable = accuracy(similarity, pairs.truth(), comparable);
      metrics.put("heldOutAccuracySimilarityComparable", simComparable);
      int rows = 0;
      for (boolean b : comparable) {
        rows += b ? 1 : 0;
      }
      // a fitted scorer uses all the evidence, the similarity score a fixed part of it: the fitted one is kept
      // unless the similarity score is better out of fold by more than one standard error of that accuracy
      double se = rows == 0 ? 0 : Math.sqrt(simComparable * (1 - simComparable) / rows);
      double[] fittedAccuracy = new double[byKind.length];
      Arrays.fill(fittedAccuracy, Double.NaN);
      for (int kk : new int[] {LOGIT, BLEND, GBM}) {
        if (byKind[kk] != null) {
          fittedAccuracy[kk] = accuracy(byKind[kk], fittedTruth, comparable);
          metrics.put("heldOutAccuracy" + (kk == GBM ? "Stage2" : kk == LOGIT ? "Logit" : "Blend"),
              fittedAccuracy[kk]);
        }
      }
      kind = chooseScorer(simComparable, se, fittedAccuracy);
      chosen = byKind[kind];
      chosenTruth = kind == SIMILARITY ? pairs.truth() : fittedTruth;
      if (kind == GBM || kind == BLEND) {
        ensemble = fitStage2(pairs.x(), pairs.y(), options);
      }
      if (kind == LOGIT || kind == BLEND) {
        logit = fitLogit(pairs, null, -1);
      }
    }
    if (chosen != null) {
      double[] tb = fitTemperatureAndBias(chosen, chosenTruth);
      temperature = tb[0];
      nullBias = tb[1];
      heldOutMetrics(chosen, chosenTruth, temperature, nullBias, metrics);
    }
    metrics.put("scorer", (double) kind);
    metrics.put("temperature", temperature);
    metrics.put("nullBias", nullBias);
    metrics.put("stage2", kind == SIMILARITY ? 0.0 : 1.0);
    metrics.put("stage2Trees", ensemble == null ? 0.0 : 1.0);
    metrics.put("embeddings", ev.hasEmbeddings() ? 1.0 : 0.0);
    metrics.put("trainSeconds", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    Map<String, String> params = new LinkedHashMap<>(options.asParameters());
    params.put("embeddingModel", embeddings == null ? "none" : embeddings.modelId());
    ModelMetadata md = new ModelMetadata(PROVIDER, FORMAT_VERSION, trainingHash, examples.size(),
        List.copyOf(byCode.keySet()), metrics, Instant.now(), params);
    return new StackedModel(labels, ev, ensemble, logit, kind, priorWeight, temperature, nullBias, options, md);
  }

  private static Pairs pairs(Evidence.Query[] queries, int[] y, boolean unseen) {
    List<double[]> x = new ArrayList<>();
    List<Integer> target = new ArrayList<>();
    List<Integer> row = new ArrayList<>();
    int[] truth = new int[queries.length];
    for (int i = 0; i < queries.length; i++) {
      truth[i] = -1;
      Evidence.Query q = queries[i];
      for (int j = 0; j < q.candidates().length; j++) {
        boolean right = q.candidates()[j] == y[i];
        if (right) {
          truth[i] = j;
        }
        if (q.alone()[j] && !unseen) {
          continue;
        }
        x.add(q.rows()[j]);
        target.add(right ? 1 : 0);
        row.add(i);
      }
    }
    return new Pairs(x.toArray(new double[0][]), target.stream().mapToInt(Integer::intValue).toArray(),
        row.stream().mapToInt(Integer::intValue).toArray(), queries, truth, unseen);
  }

  /**
   * The final scorer from out-of-fold accuracies. A fitted scorer uses all the evidence, the similarity
   * score a fixed part of it: a fitted one is kept unless the similarity score is better by more than one
   * standard error. Among the fitted scorers, tried from the most regular — the logit, trees averaged with
   * it, trees alone — a later one must be better, not as good: on a tie the logit (one dot product per
   * candidate instead of 80 trees) wins.
   *
   * @param similarity the similarity score's accuracy
   * @param se the standard error of that accuracy
   * @param fitted accuracy per kind ({@link #LOGIT}, {@link #GBM}, {@link #BLEND}); NaN for one not fitted
   * @return the kind
   */
  static int chooseScorer(double similarity, double se, double[] fitted) {
    int kind = SIMILARITY;
    double best = similarity - se;
    for (int kk : new int[] {LOGIT, BLEND, GBM}) {
      double a = fitted[kk];
      if (Double.isNaN(a)) {
        continue;
      }
      if (kind == SIMILARITY ? a >= best : a > best + 1e-12) {
        best = a;
        kind = kk;
      }
    }
    return kind;
  }

  /** How many feature columns take more than one value over the pairs. */
  static int varyingColumns(double[][] x) {
    if (x.length == 0) {
      return 0;
    }
    int varying = 0;
    for (int j = 0; j < Evidence.WIDTH; j++) {
      double first = x[0][j];
      for (double[] row : x) {
        if (Double.compare(row[j], first) != 0) {
          varying++;
          break;
        }
      }
    }
    return varying;
  }

  private static CompiledEnsemble fitStage2(double[][] x, int[] y, StackOptions o) {
    return GbmTrainer.fitCompiled(x, y, 2, o.gbm());
  }

  /** Stage-2 margins of every training row's candidates, each from a fit that did not see the row. */
  private static double[][] outOfFold(Pairs p, int[] fold, StackOptions o) {
    int folds = o.calibrationFolds();
    int rows = fold.length;
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
            if (p.skip(p.queries()[i], j)) {
              margins[i][j] = UNSCORED;
            } else {
              e.scores(qx[j], s);
              margins[i][j] = 2 * s[1];
            }
          }
        }
      }
    }
    return margins;
  }

  private static int[] folds(int rows, StackOptions o) {
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
    return fold;
  }

  /** The conditional logit over the scorable candidates of the rows not in fold {@code except} (all when -1). */
  private static CandidateLogit fitLogit(Pairs p, int[] fold, int except) {
    int rows = p.queries().length;
    double[][][] groups = new double[rows][][];
    int[] truth = new int[rows];
    for (int i = 0; i < rows; i++) {
      Evidence.Query q = p.queries()[i];
      truth[i] = -1;
      if (fold != null && fold[i] == except) {
        groups[i] = new double[0][];
        continue;
      }
      List<double[]> g = new ArrayList<>();
      for (int j = 0; j < q.candidates().length; j++) {
        if (!p.skip(q, j)) {
          if (j == p.truth()[i]) {
            truth[i] = g.size();
          }
          g.add(q.rows()[j]);
        }
      }
      groups[i] = g.toArray(new double[0][]);
    }
    capLogitRows(truth);
    return CandidateLogit.fit(groups, truth, Evidence.WIDTH, LOGIT_L2);
  }

  /**
   * Keeps at most {@value #LOGIT_MAX_ROWS} transactions in a logit fit (the others' truth set to -1, which the
   * fit skips): one weight per feature is fitted as well from a few thousand transactions as from all of
   * them, and the fit's cost is then bounded whatever the size of the labelled history. The kept rows are
   * the ones with the smallest mixed hash of their index: deterministic and spread over the history.
   */
  static void capLogitRows(int[] truth) {
    int eligible = 0;
    for (int t : truth) {
      eligible += t >= 0 ? 1 : 0;
    }
    if (eligible <= LOGIT_MAX_ROWS) {
      return;
    }
    long[] keyed = new long[eligible];
    int e = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] >= 0) {
        // high 32 bits: a mix of the index (a permutation of ints); low 32 bits: the index itself
        keyed[e++] = ((long) mix(i) << 32) | i;
      }
    }
    Arrays.sort(keyed);
    for (int k = LOGIT_MAX_ROWS; k < eligible; k++) {
      truth[(int) keyed[k]] = -1;
    }
  }

  private static int mix(int i) {
    int h = i * 0x9E3779B9;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h ^ (h >>> 16);
  }

  private static double[][] outOfFoldLogit(Pairs p, int[] fold, int folds) {
    int rows = fold.length;
    double[][] margins = new double[rows][];
    // the folds' fits are independent and each is sequential: fitted side by side, the same models
    CandidateLogit[] fits = java.util.stream.IntStream.range(0, folds).parallel()
        .mapToObj(f -> fitLogit(p, fold, f)).toArray(CandidateLogit[]::new);
    for (int f = 0; f < folds; f++) {
      CandidateLogit l = fits[f];
      for (int i = 0; i < rows; i++) {
        if (fold[i] == f) {
          margins[i] = logitMargins(l, p, p.queries()[i]);
        }
      }
    }
    return margins;
  }

  private static double[] logitMargins(CandidateLogit l, Pairs p, Evidence.Query q) {
    double[] m = new double[q.candidates().length];
    for (int j = 0; j < m.length; j++) {
      m[j] = p.skip(q, j) ? UNSCORED : l.margin(q.rows()[j]);
    }
    return m;
  }

  private static double[][] sum(double[][] a, double[][] b) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = new double[a[i].length];
      for (int j = 0; j < a[i].length; j++) {
        out[i][j] = a[i][j] + b[i][j];
      }
    }
    return out;
  }

  private static double[][] heuristicMargins(Evidence.Query[] qs, double w, boolean embeddings) {
    double[][] out = new double[qs.length][];
    for (int i = 0; i < qs.length; i++) {
      double[][] qx = qs[i].rows();
      out[i] = new double[qx.length];
      for (int j = 0; j < qx.length; j++) {
        out[i][j] = heuristicMargin(qx[j], w, embeddings);
      }
    }
    return out;
  }

  private static double accuracy(double[][] margins, int[] truth, boolean[] mask) {
    int right = 0;
    int rows = 0;
    for (int i = 0; i < margins.length; i++) {
      if (mask[i]) {
        rows++;
        int best = argmax(margins[i], margins[i].length);
        right += best >= 0 && best == truth[i] ? 1 : 0;
      }
    }
    return rows == 0 ? 0 : (double) right / rows;
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

  /**
   * Without a stage-2 fit (too few labels with two or more examples, or it did not beat this out of fold),
   * similarity decides: to the label's nearest examples, the kNN vote, and (weight {@code w}, chosen by
   * leave-one-out accuracy) to the label's own name.
   */
  private static double heuristicMargin(double[] x, double w, boolean embeddings) {
    double sim = Math.max(0, Math.max(Math.max(x[0], x[7]), x[35]));
    double prior = embeddings ? x[Evidence.PRIOR] : x[Evidence.PRIOR + 2];
    return 8 * sim + 2 * x[2] + (x[9] > 0 ? 2 * x[9] : 0) + 1.5 * x[27] - 0.2 * Math.min(x[18], 5) + w * prior
        + 1.5 * x[Evidence.PRIOR + 5];
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
  @Override
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
        double[] x = q.rows()[j];
        switch (kind) {
          case GBM -> {
            ensemble.scores(x, s);
            m[j] = 2 * s[1];
          }
          case LOGIT -> m[j] = logit.margin(x);
          case BLEND -> {
            ensemble.scores(x, s);
            m[j] = 2 * s[1] + logit.margin(x);
          }
          default -> m[j] = heuristicMargin(x, priorWeight, evidence.hasEmbeddings());
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
      explanation.add("primary " + bestPrimary + " (" + f2(primaryConf) + "); the detailed " + detailed.code() + " ("
          + f2(conf) + ") is not sure enough");
    } else {
      explanation.add("detailed " + detailed.code() + " (" + f2(conf) + "), primary " + detailed.primary() + " ("
          + f2(primaries.get(detailed.primary())) + ")");
    }
    boolean review = chosenConf < options.reviewThreshold() || ood;
    if (ood) {
      chosenConf = Math.min(chosenConf, none + conf > 0 ? conf / (conf + none) * 0.5 : 0.5);
      explanation.add(0, "needs review: unlike any labelled transaction (nearest TF-IDF similarity "
          + f2(Math.max(0, q.top1T())) + (evidence.hasEmbeddings() ? ", embedding " + f2(q.top1E()) : "") + ")");
    } else if (review) {
      explanation.add(0, "needs review: confidence " + f2(chosenConf) + " is below " + f2(options.reviewThreshold()));
    }
    if (q.nearest() >= 0) {
      explanation.add("nearest labelled transaction: '" + evidence.describeNeighbour(q.nearest()) + "' -> "
          + labels.get(evidence.label[q.nearest()]).code() + " (TF-IDF " + f2(Math.max(0, q.top1T())) + ")");
    }
    explanation.addAll(topEvidence(q.rows()[best]));
    if (none > 0.2) {
      explanation.add(f2(none) + " that it is none of the known labels");
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
    if (kind == SIMILARITY) {
      out.add("similarity decided (stage 2 did not beat it out of fold, or too few repeated labels): "
          + Evidence.NAMES[0] + " " + f2(x[0]) + ", " + Evidence.NAMES[Evidence.PRIOR + 2] + " "
          + f2(x[Evidence.PRIOR + 2]));
      return out;
    }
    double[] contrib = kind == LOGIT ? logit.contributions(x) : ensemble.contributions(x, 1);
    if (kind == BLEND) {
      double[] l = logit.contributions(x);
      for (int j = 0; j < contrib.length; j++) {
        contrib[j] += l[j];
      }
    }
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
      out.add(Evidence.NAMES[top] + " = " + f2(x[top]) + " (" + (contrib[top] < 0 ? "" : "+") + f2(contrib[top]) + ")");
    }
    return out;
  }

  /** {@code 0.85}, {@code -1.20}: String.format costs more than scoring a candidate. */
  static String f2(double v) {
    long c = Math.round(Math.abs(v) * 100);
    long frac = c % 100;
    return (v < 0 && c != 0 ? "-" : "") + c / 100 + (frac < 10 ? ".0" : ".") + frac;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  @Override
  public String toString() {
    return "StackedModel[" + labels.size() + " labels, " + evidence.n + " examples, "
        + KIND_NAMES[kind] + (ensemble == null ? "" : " " + ensemble) + ", T=" + temperature + "]";
  }
}
