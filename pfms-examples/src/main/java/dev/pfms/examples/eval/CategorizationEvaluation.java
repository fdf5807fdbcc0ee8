package dev.pfms.examples.eval;

import dev.pfms.api.Pfms;
import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.CategorizerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.ml.categorize.Calibration;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Cross-validates categorizers and prints plain-text tables: accuracy, macro-F1, confidence
 * calibration (ECE), the share of predictions confident enough to skip review and their accuracy,
 * the per-label precision/recall/F1 of the most frequent labels, and a learning curve at 1, 2, 5 and
 * all training examples per label.
 *
 * <p>Any installed categorizer provider can be evaluated by name; two baselines are built in:
 * {@code majority} (always the most frequent training label) and {@code knn-tfidf} (the label of the
 * nearest training transaction by cosine similarity of {@code dev.pfms.ml.text} TF-IDF vectors).
 *
 * <pre>
 * java ... dev.pfms.examples.eval.CategorizationEvaluation \
 *     [--provider tfidf-gbm,rules,majority,knn-tfidf] [--data sample,za] [--folds 5] [--seed 7]
 *     [--sample-dir sample_data] [--labelled ../shared/data/labelled/za-bank-transactions.csv]
 *     [--curve 1,2,5,all] [--top 12] [--set tfidf-gbm.trees=60 ...] [--predictions rows.tsv]
 *     [--declare-labels true|taxonomy] [--seeds 1,2,3,7]
 * </pre>
 */
public final class CategorizationEvaluation {

  private static final String MAJORITY = "majority";
  private static final String KNN = "knn-tfidf";
  private static Path referenceDir = Path.of("tools/reference/categorization");
  private static Path predictionsOut;
  /**
   * What each fold's categorizer is told beside its examples: {@code false} nothing, {@code true} the data
   * set's whole label list (names only), {@code taxonomy} the standard taxonomy's categories.
   */
  private static String declareLabels = "false";

  private CategorizationEvaluation() {}

  /** One categorizer under evaluation, created fresh per fold. */
  private interface Candidate {
    Categorizer fresh();
  }

  /** What one cross-validation run produced, in data order. */
  private record Run(String[] truth, String[] predicted, double[] confidence, boolean[] review, double trainSeconds,
      double scoreSeconds, List<ModelMetadata> metadata, String[] truthPrimary, String[] predictedPrimary) {}

  /**
   * Runs the evaluation.
   *
   * @param args see the class documentation
   * @throws IOException when a data file cannot be read
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> opts = new LinkedHashMap<>();
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got " + a);
      }
      String v = args[++i];
      if (a.equals("--set")) {
        int dot = v.indexOf('.');
        int eq = v.indexOf('=');
        if (dot < 0 || eq < dot) {
          throw new IllegalArgumentException("--set takes provider.key=value, got " + v);
        }
        settings.computeIfAbsent(v.substring(0, dot), k -> new LinkedHashMap<>())
            .put(v.substring(dot + 1, eq), v.substring(eq + 1));
      } else {
        opts.put(a.substring(2), v);
      }
    }
    List<String> providers = List.of(opts.getOrDefault("provider", "tfidf-gbm,rules," + KNN + "," + MAJORITY)
        .split(","));
    List<String> data = List.of(opts.getOrDefault("data", "sample,za").split(","));
    int folds = Integer.parseInt(opts.getOrDefault("folds", "5"));
    long seed = Long.parseLong(opts.getOrDefault("seed", "7"));
    int top = Integer.parseInt(opts.getOrDefault("top", "12"));
    List<String> curve = List.of(opts.getOrDefault("curve", "1,2,5,all").split(","));
    Path sampleDir = Path.of(opts.getOrDefault("sample-dir", "sample_data"));
    Path labelled = Path.of(opts.getOrDefault("labelled", "../shared/data/labelled/za-bank-transactions.csv"));
    referenceDir = Path.of(opts.getOrDefault("reference-dir", "tools/reference/categorization"));
    declareLabels = opts.getOrDefault("declare-labels", "false");
    if (!List.of("false", "true", "taxonomy").contains(declareLabels)) {
      throw new IllegalArgumentException("--declare-labels takes false, true or taxonomy, got " + declareLabels);
    }
    predictionsOut = opts.containsKey("predictions") ? Path.of(opts.get("predictions")) : null;
    boolean writeFolds = Boolean.parseBoolean(opts.getOrDefault("write-folds", "false"));
    boolean zeroShot = Boolean.parseBoolean(opts.getOrDefault("zero-shot", "true"));

    System.out.printf(Locale.ROOT, "pfms categorization evaluation — %s, JDK %s, %d cores, %s%n", LocalDate.now(),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"));
    System.out.printf(Locale.ROOT, "stratified %d-fold cross-validation, seed %d; installed categorizers: %s%n",
        folds, seed, Pfms.available(CategorizerProvider.class));
    for (String p : providers) {
      if (!p.equals(MAJORITY) && !p.equals(KNN)) {
        System.out.printf(Locale.ROOT, "  %s settings: %s%n", p, describe(p, settings.getOrDefault(p, Map.of())));
      }
    }
    for (String d : data) {
      List<Transaction> rows;
      String title;
      switch (d) {
        case "sample" -> {
          rows = LabelledData.readSample(sampleDir);
          title = "sample_data (" + sampleDir + ")";
        }
        case "za" -> {
          if (!Files.isRegularFile(labelled)) {
            System.out.println("\nskipping za: " + labelled + " is absent");
            continue;
          }
          List<dev.pfms.api.IngestException> problems = new ArrayList<>();
          rows = LabelledData.readLabelledCsv(labelled, "ZAR", problems);
          problems.forEach(e -> System.out.println("\nskipped a row: " + e.getMessage()));
          title = "real labelled ZA bank transactions (" + labelled.getFileName() + ")";
        }
        default -> throw new IllegalArgumentException("unknown data set " + d + " (sample, za)");
      }
      if (writeFolds) {
        writeFolds(d, rows, folds, seed, curve);
      }
      evaluate(title, rows, providers, settings, folds, seed, top, curve);
      reference(d);
      if (zeroShot) {
        zeroShot(d, rows);
      }
      if (opts.containsKey("seeds")) {
        otherSplits(rows, providers, settings, folds, opts.get("seeds"));
      }
    }
  }

  /**
   * The same cross-validation on other random splits: per provider the accuracy and macro-F1 of each
   * split, their mean and range — how much of a difference between two figures one split can make.
   */
  private static void otherSplits(List<Transaction> rows, List<String> providers,
      Map<String, Map<String, String>> settings, int folds, String seeds) {
    List<Long> ss = new ArrayList<>();
    for (String v : seeds.split(",")) {
      ss.add(Long.parseLong(v.trim()));
    }
    System.out.printf(Locale.ROOT, "%nother splits (stratified %d-fold, seeds %s; all examples): accuracy / macro-F1%n"
        + "%-14s", folds, ss, "categorizer");
    for (long s : ss) {
      System.out.printf(Locale.ROOT, " %15s", "seed " + s);
    }
    System.out.printf(Locale.ROOT, " %15s %15s%n", "mean", "range (acc)");
    for (String p : providers) {
      System.out.printf(Locale.ROOT, "%-14s", p);
      double sumA = 0;
      double sumF = 0;
      double lo = 1;
      double hi = 0;
      for (long s : ss) {
        Run r = crossValidate(rows, stratifiedFolds(rows, folds, s), folds, candidate(p, settings.getOrDefault(p,
            Map.of())), Integer.MAX_VALUE, s);
        double a = accuracy(r);
        double f = macroF1(r.truth(), r.predicted());
        sumA += a;
        sumF += f;
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
        System.out.printf(Locale.ROOT, " %7.3f / %5.3f", a, f);
      }
      System.out.printf(Locale.ROOT, " %7.3f / %5.3f %7.3f–%5.3f%n", sumA / ss.size(), sumF / ss.size(), lo, hi);
    }
  }

  private static String describe(String provider, Map<String, String> set) {
    CategorizerProvider p = Pfms.registry().provider(CategorizerProvider.class, provider) instanceof CategorizerProvider cp
        ? cp : null;
    if (p == null) {
      return set.toString();
    }
    StringBuilder sb = new StringBuilder();
    p.options().forEach(k -> {
      Object v = set.containsKey(k.name()) ? set.get(k.name()) : k.defaultValue();
      if (v != null) {
        sb.append(sb.length() == 0 ? "" : ", ").append(k.name()).append('=').append(v);
      }
    });
    return sb.toString();
  }

  private static void evaluate(String title, List<Transaction> rows, List<String> providers,
      Map<String, Map<String, String>> settings, int folds, long seed, int top, List<String> curve) {
    Map<String, Integer> counts = new TreeMap<>();
    rows.forEach(t -> counts.merge(t.category().code(), 1, Integer::sum));
    System.out.printf(Locale.ROOT, "%n=== %s: %d rows, %d labels ===%n", title, rows.size(), counts.size());
    int[] fold = stratifiedFolds(rows, folds, seed);

    Map<String, Run> runs = new LinkedHashMap<>();
    for (String p : providers) {
      Candidate c = candidate(p, settings.getOrDefault(p, Map.of()));
      runs.put(p, crossValidate(rows, fold, folds, c, Integer.MAX_VALUE, seed));
    }

    System.out.printf(Locale.ROOT, "%n%-14s %9s %9s %8s %7s %7s %8s %10s %10s %10s %10s%n", "categorizer", "accuracy",
        "macro-F1", "ECE", "sel@80", "sel@90", "primary", "auto-share", "auto-acc", "train s/fold", "scored/s");
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      Run r = e.getValue();
      int n = r.truth().length;
      int auto = 0;
      int autoRight = 0;
      boolean[] ok = new boolean[n];
      for (int i = 0; i < n; i++) {
        ok[i] = r.truth()[i].equals(r.predicted()[i]);
        if (!r.review()[i]) {
          auto++;
          autoRight += ok[i] ? 1 : 0;
        }
      }
      System.out.printf(Locale.ROOT, "%-14s %9.3f %9.3f %8.3f %7.3f %7.3f %8.3f %10.3f %10s %10.2f %10.0f%n",
          e.getKey(), accuracy(r), macroF1(r.truth(), r.predicted()),
          Calibration.expectedCalibrationError(r.confidence(), ok), selectiveAccuracy(r, 0.8),
          selectiveAccuracy(r, 0.9), primaryAccuracy(r), (double) auto / n, auto == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) autoRight / auto),
          r.trainSeconds() / folds, n / Math.max(r.scoreSeconds(), 1e-9));
    }
    System.out.println("(ECE: expected calibration error of the confidence, 10 bins; sel@80 / sel@90: accuracy of"
        + " the 80% / 90% most confident predictions; primary: accuracy of the primary category; auto-share:"
        + " predictions not marked needsReview; auto-acc: their accuracy)");

    for (Map.Entry<String, Run> e : runs.entrySet()) {
      List<ModelMetadata> md = e.getValue().metadata();
      if (!md.isEmpty() && md.get(0).metrics().containsKey("temperature")) {
        double t = md.stream().mapToDouble(m -> m.metrics().getOrDefault("temperature", 1.0)).average().orElse(1);
        // tfidf-gbm records eceUncalibrated/eceCalibrated/accuracy; stacked-gbm its out-of-fold heldOutEce/heldOutAccuracy
        double before = md.stream().mapToDouble(m -> m.metrics().getOrDefault("eceUncalibrated",
            m.metrics().getOrDefault("heldOutEce", 0.0))).average().orElse(0);
        double after = md.stream().mapToDouble(m -> m.metrics().getOrDefault("eceCalibrated",
            m.metrics().getOrDefault("heldOutEce", 0.0))).average().orElse(0);
        double heldAcc = md.stream().mapToDouble(m -> m.metrics().getOrDefault("accuracy",
            m.metrics().getOrDefault("heldOutAccuracy", 0.0))).average().orElse(0);
        System.out.printf(Locale.ROOT, "%s calibration on its internal held-out split (mean over folds): temperature"
            + " %.3f, ECE %.3f raw softmax -> %.3f calibrated (held-out accuracy %.3f)%n", e.getKey(), t, before,
            after, heldAcc);
        reliability(e.getKey(), e.getValue());
      }
      if (!md.isEmpty() && md.get(0).metrics().containsKey("scorer")) {
        String[] kinds = {"similarity", "gbm", "logit", "gbm+logit"};
        List<String> perFold = new ArrayList<>();
        for (ModelMetadata m : md) {
          int k = (int) Math.round(m.metrics().get("scorer"));
          perFold.add(k >= 0 && k < kinds.length ? kinds[k] : String.valueOf(k));
        }
        System.out.printf(Locale.ROOT, "%s final scorer per fold (chosen out of fold): %s%n", e.getKey(), perFold);
      }
    }

    String best = providers.get(0);
    perLabel(best, runs.get(best), counts, top);
    if (predictionsOut != null) {
      writePredictions(predictionsOut, rows, runs);
    }

    System.out.printf(Locale.ROOT, "%nlearning curve (training examples per label -> accuracy / macro-F1, same"
        + " folds)%n%-14s", "categorizer");
    for (String c : curve) {
      System.out.printf(Locale.ROOT, " %15s", c.equals("all") ? "all" : c + "/label");
    }
    System.out.println();
    for (String p : providers) {
      System.out.printf(Locale.ROOT, "%-14s", p);
      for (String c : curve) {
        Run r = c.equals("all") ? runs.get(p)
            : crossValidate(rows, fold, folds, candidate(p, settings.getOrDefault(p, Map.of())), Integer.parseInt(c),
                seed);
        System.out.printf(Locale.ROOT, " %7.3f / %5.3f", accuracy(r), macroF1(r.truth(), r.predicted()));
      }
      System.out.println();
    }
  }

  /** Writes one line per row and categorizer: description, truth, prediction, confidence (for error analysis). */
  private static void writePredictions(Path out, List<Transaction> rows, Map<String, Run> runs) {
    StringBuilder b = new StringBuilder(
        "categorizer\trow\ttruth\tpredicted\tconfidence\treview\tamount\tdescription\n");
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      Run r = e.getValue();
      for (int i = 0; i < r.truth().length; i++) {
        b.append(e.getKey()).append('\t').append(i).append('\t').append(r.truth()[i]).append('\t')
            .append(r.predicted()[i]).append('\t').append(String.format(Locale.ROOT, "%.3f", r.confidence()[i]))
            .append('\t').append(r.review()[i]).append('\t').append(rows.get(i).amount().amount().toPlainString())
            .append('\t').append(rows.get(i).description().replace('\t', ' ')).append('\n');
      }
    }
    try {
      Files.writeString(out, b);
      System.out.println("per-row predictions written to " + out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void reliability(String name, Run r) {
    int bins = 5;
    int[] n = new int[bins];
    double[] conf = new double[bins];
    int[] right = new int[bins];
    for (int i = 0; i < r.truth().length; i++) {
      int b = Math.min(bins - 1, (int) (r.confidence()[i] * bins));
      n[b]++;
      conf[b] += r.confidence()[i];
      right[b] += r.truth()[i].equals(r.predicted()[i]) ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "%s reliability (cross-validated):  confidence bin | rows | mean confidence |"
        + " accuracy%n", name);
    for (int b = 0; b < bins; b++) {
      if (n[b] > 0) {
        System.out.printf(Locale.ROOT, "    [%.1f, %.1f%s | %5d | %.3f | %.3f%n", b / (double) bins,
            (b + 1) / (double) bins, b == bins - 1 ? "]" : ")", n[b], conf[b] / n[b], (double) right[b] / n[b]);
      }
    }
  }

  private static void perLabel(String name, Run r, Map<String, Integer> counts, int top) {
    List<Map.Entry<String, Integer>> labels = new ArrayList<>(counts.entrySet());
    labels.sort((a, b) -> b.getValue() != a.getValue().intValue() ? b.getValue() - a.getValue()
        : a.getKey().compareTo(b.getKey()));
    System.out.printf(Locale.ROOT, "%nper label (%s, %d most frequent of %d)%n%-44s %7s %9s %7s %7s%n", name,
        Math.min(top, labels.size()), labels.size(), "label", "support", "precision", "recall", "F1");
    for (Map.Entry<String, Integer> e : labels.subList(0, Math.min(top, labels.size()))) {
      double[] prf = prf(r.truth(), r.predicted(), e.getKey());
      System.out.printf(Locale.ROOT, "%-44s %7d %9.3f %7.3f %7.3f%n", e.getKey(), e.getValue(), prf[0], prf[1],
          prf[2]);
    }
  }

  private static Candidate candidate(String name, Map<String, String> set) {
    return switch (name) {
      case MAJORITY -> MajorityBaseline::new;
      case KNN -> NearestNeighbourBaseline::new;
      default -> {
        ProviderConfig config = ProviderConfig.of(set);
        yield () -> Pfms.categorizer(name, config);
      }
    };
  }

  /** Assigns each row a fold so that each label is spread evenly over the folds. */
  static int[] stratifiedFolds(List<Transaction> rows, int folds, long seed) {
    Map<String, List<Integer>> byLabel = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byLabel.computeIfAbsent(rows.get(i).category().code(), k -> new ArrayList<>()).add(i);
    }
    int[] fold = new int[rows.size()];
    Random r = new Random(seed);
    int offset = 0;
    for (List<Integer> idx : byLabel.values()) {
      Collections.shuffle(idx, r);
      for (int k = 0; k < idx.size(); k++) {
        fold[idx.get(k)] = (offset + k) % folds;
      }
      offset += idx.size();
    }
    return fold;
  }

  private static Run crossValidate(List<Transaction> rows, int[] fold, int folds, Candidate candidate, int perLabel,
      long seed) {
    int n = rows.size();
    String[] truth = new String[n];
    String[] predicted = new String[n];
    String[] truthPrimary = new String[n];
    String[] predictedPrimary = new String[n];
    double[] confidence = new double[n];
    boolean[] review = new boolean[n];
    double trainSeconds = 0;
    double scoreSeconds = 0;
    List<ModelMetadata> metadata = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<Transaction> train = new ArrayList<>();
      List<Integer> testIdx = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (fold[i] == f) {
          testIdx.add(i);
        } else {
          train.add(rows.get(i));
        }
      }
      if (perLabel < Integer.MAX_VALUE) {
        train = firstPerLabel(train, perLabel, seed + f);
      }
      List<Transaction> test = new ArrayList<>(testIdx.size());
      testIdx.forEach(i -> test.add(rows.get(i).withCategory(null)));
      List<Prediction> ps;
      Categorizer c = candidate.fresh();
      long t0 = System.nanoTime();
      try {
        metadata.add(switch (declareLabels) {
          case "true" -> c.train(train, declared(rows));
          case "taxonomy" -> c.train(train, dev.pfms.api.model.Taxonomy.standard().all());
          default -> c.train(train);
        });
        long t1 = System.nanoTime();
        ps = c.categorizeAll(test);
        scoreSeconds += (System.nanoTime() - t1) / 1e9;
      } catch (PfmsException e) {
        System.out.printf(Locale.ROOT, "  fold %d: %s could not train (%s); its rows count as wrong%n", f,
            c.getClass().getSimpleName(), e.getMessage());
        ps = null;
      }
      trainSeconds += (System.nanoTime() - t0) / 1e9;
      for (int k = 0; k < testIdx.size(); k++) {
        int i = testIdx.get(k);
        truth[i] = rows.get(i).category().code();
        truthPrimary[i] = rows.get(i).category().primary();
        if (ps == null) {
          predicted[i] = Category.UNCATEGORIZED.code();
          predictedPrimary[i] = predicted[i];
          review[i] = true;
        } else {
          Prediction p = ps.get(k);
          predicted[i] = p.category().code();
          predictedPrimary[i] = p.category().primary();
          confidence[i] = p.confidence();
          review[i] = p.needsReview();
        }
      }
    }
    return new Run(truth, predicted, confidence, review, trainSeconds - scoreSeconds, scoreSeconds, metadata,
        truthPrimary, predictedPrimary);
  }

  /** The data set's categories (what a user's category list would hold), without their transactions. */
  private static List<Category> declared(List<Transaction> rows) {
    Map<String, Category> byCode = new TreeMap<>();
    rows.forEach(t -> byCode.putIfAbsent(t.category().code(), t.category()));
    return List.copyOf(byCode.values());
  }

  private static List<Transaction> firstPerLabel(List<Transaction> train, int perLabel, long seed) {
    List<Transaction> shuffled = new ArrayList<>(train);
    Collections.shuffle(shuffled, new Random(seed));
    Map<String, Integer> taken = new HashMap<>();
    List<Transaction> out = new ArrayList<>();
    for (Transaction t : shuffled) {
      if (taken.merge(t.category().code(), 1, Integer::sum) <= perLabel) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Writes the fold of every row, and which training subsets of the learning curve it belongs to, so
   * that the scikit-learn reference ({@code tools/reference/categorization/sklearn_baseline.py}) uses
   * the same folds. Rows are named by their line in the source file only: no data is copied.
   */
  private static void writeFolds(String data, List<Transaction> rows, int folds, long seed, List<String> curve)
      throws IOException {
    // the identity map below needs the same instances on every access (a compact list builds a row per get)
    rows = new ArrayList<>(rows);
    int[] fold = stratifiedFolds(rows, folds, seed);
    Map<Transaction, StringBuilder[]> subsets = new java.util.IdentityHashMap<>();
    List<String> points = curve.stream().filter(c -> !c.equals("all")).toList();
    for (Transaction t : rows) {
      StringBuilder[] sb = new StringBuilder[points.size()];
      for (int p = 0; p < sb.length; p++) {
        sb[p] = new StringBuilder();
      }
      subsets.put(t, sb);
    }
    for (int f = 0; f < folds; f++) {
      List<Transaction> train = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (fold[i] != f) {
          train.add(rows.get(i));
        }
      }
      for (int p = 0; p < points.size(); p++) {
        for (Transaction t : firstPerLabel(train, Integer.parseInt(points.get(p)), seed + f)) {
          StringBuilder sb = subsets.get(t)[p];
          sb.append(sb.length() == 0 ? "" : "|").append(f);
        }
      }
    }
    Files.createDirectories(referenceDir);
    Path out = referenceDir.resolve("folds-" + data + ".csv");
    StringBuilder csv = new StringBuilder("line,fold");
    points.forEach(p -> csv.append(",train_").append(p).append("_per_label_in_folds"));
    csv.append('\n');
    for (int i = 0; i < rows.size(); i++) {
      csv.append(rows.get(i).provenance().line()).append(',').append(fold[i]);
      for (StringBuilder sb : subsets.get(rows.get(i))) {
        csv.append(',').append(sb);
      }
      csv.append('\n');
    }
    Files.writeString(out, csv);
    System.out.printf(Locale.ROOT, "%nwrote the fold assignment to %s%n", out);
  }

  /** Prints the committed scikit-learn figures on the same folds, when present. */
  private static void reference(String data) throws IOException {
    Path file = referenceDir.resolve("sklearn-" + data + ".csv");
    if (!Files.isRegularFile(file)) {
      System.out.printf(Locale.ROOT, "%n(no scikit-learn reference figures at %s)%n", file);
      return;
    }
    System.out.printf(Locale.ROOT, "%nscikit-learn reference on the same folds (committed: %s; produced by"
        + " sklearn_baseline.py)%n%-28s %9s %9s %8s   learning curve accuracy 1 / 2 / 5 / all per label%n", file,
        "model", "accuracy", "macro-F1", "ECE");
    Map<String, Map<String, String[]>> byModel = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("#") || line.startsWith("model,") || line.isBlank()) {
        continue;
      }
      String[] f = line.split(",");
      byModel.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], f);
    }
    for (Map.Entry<String, Map<String, String[]>> e : byModel.entrySet()) {
      String[] all = e.getValue().get("all");
      StringBuilder curveText = new StringBuilder();
      for (String c : List.of("1", "2", "5", "all")) {
        String[] r = e.getValue().get(c);
        curveText.append(curveText.length() == 0 ? "" : " / ").append(r == null ? "-" : r[2]);
      }
      System.out.printf(Locale.ROOT, "%-28s %9s %9s %8s   %s%n", e.getKey(), all == null ? "-" : all[2],
          all == null ? "-" : all[3], all == null ? "-" : all[4], curveText);
    }
  }

  /**
   * Zero-shot accuracy: the {@code zero-shot} provider, never trained, on every row; labels mapped to
   * the standard taxonomy (sample data already uses it; the ZA labels through {@code za-taxonomy.csv}).
   */
  private static void zeroShot(String data, List<Transaction> rows) throws IOException {
    Map<String, String> mapping = new HashMap<>();
    if (data.equals("za")) {
      try (var in = CategorizationEvaluation.class.getResourceAsStream("za-taxonomy.csv")) {
        for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
          if (line.isBlank() || line.startsWith("#") || line.startsWith("label,")) {
            continue;
          }
          int comma = line.lastIndexOf(',');
          mapping.put(line.substring(0, comma).trim(), line.substring(comma + 1).trim());
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nzero-shot (no labels at all; truth mapped to the standard taxonomy)%n"
        + "%-26s %8s %16s %16s %12s%n", "configuration", "rows", "primary acc", "detailed acc", "auto-share");
    List<Transaction> unlabelled = rows.stream().map(t -> t.withCategory(null)).toList();
    for (String mode : List.of("auto", "off")) {
      Categorizer c = Pfms.categorizer("zero-shot", ProviderConfig.of(Map.of("embeddings", mode)));
      long t0 = System.nanoTime();
      List<Prediction> ps = c.categorizeAll(unlabelled);
      double secs = (System.nanoTime() - t0) / 1e9;
      int nPrimary = 0;
      int rightPrimary = 0;
      int nDetailed = 0;
      int rightDetailed = 0;
      int auto = 0;
      for (int i = 0; i < rows.size(); i++) {
        String label = rows.get(i).category().code();
        String code = data.equals("za") ? mapping.get(label) : label;
        if (code == null) {
          throw new IllegalStateException("za-taxonomy.csv has no mapping for label '" + label + "'");
        }
        if (code.equals("-")) {
          continue;
        }
        Category truth = Category.of(code);
        Prediction p = ps.get(i);
        nPrimary++;
        rightPrimary += p.category().primary().equals(truth.primary()) ? 1 : 0;
        auto += p.needsReview() ? 0 : 1;
        if (!truth.isPrimary()) {
          nDetailed++;
          rightDetailed += p.category().equals(truth) ? 1 : 0;
        }
      }
      System.out.printf(Locale.ROOT, "%-26s %8d %9.3f (%4d) %9.3f (%4d) %12.3f   %.0f rows/s%n",
          "zero-shot embeddings=" + mode, rows.size(), (double) rightPrimary / Math.max(1, nPrimary), nPrimary,
          (double) rightDetailed / Math.max(1, nDetailed), nDetailed, (double) auto / Math.max(1, nPrimary),
          rows.size() / secs);
    }
  }

  /** Accuracy of the most confident share of predictions (ties broken by data order). */
  static double selectiveAccuracy(Run r, double coverage) {
    int n = r.truth().length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(r.confidence()[b], r.confidence()[a]));
    int keep = Math.max(1, (int) Math.round(coverage * n));
    int right = 0;
    for (int k = 0; k < keep; k++) {
      right += r.truth()[order[k]].equals(r.predicted()[order[k]]) ? 1 : 0;
    }
    return (double) right / keep;
  }

  private static double primaryAccuracy(Run r) {
    int right = 0;
    for (int i = 0; i < r.truth().length; i++) {
      right += r.truthPrimary()[i].equals(r.predictedPrimary()[i]) ? 1 : 0;
    }
    return (double) right / r.truth().length;
  }

  private static double accuracy(Run r) {
    int right = 0;
    for (int i = 0; i < r.truth().length; i++) {
      right += r.truth()[i].equals(r.predicted()[i]) ? 1 : 0;
    }
    return (double) right / r.truth().length;
  }

  /** Macro-F1 over the labels that occur in the truth. */
  static double macroF1(String[] truth, String[] predicted) {
    java.util.Set<String> labels = new java.util.TreeSet<>(List.of(truth));
    double sum = 0;
    for (String l : labels) {
      sum += prf(truth, predicted, l)[2];
    }
    return labels.isEmpty() ? 0 : sum / labels.size();
  }

  private static double[] prf(String[] truth, String[] predicted, String label) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < truth.length; i++) {
      boolean t = truth[i].equals(label);
      boolean p = predicted[i].equals(label);
      if (t && p) {
        tp++;
      } else if (p) {
        fp++;
      } else if (t) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new double[] {precision, recall, f1};
  }

  /** Baseline: always the most frequent training label. */
  private static final class MajorityBaseline extends BaselineCategorizer {
    private Category majority;

    @Override
    public ModelMetadata train(List<Transaction> labelled) {
      Map<Category, Integer> counts = new HashMap<>();
      labelled.forEach(t -> counts.merge(t.category(), 1, Integer::sum));
      majority = Collections.max(counts.entrySet(), Map.Entry.comparingByValue()).getKey();
      return metadata(MAJORITY, labelled);
    }

    @Override
    public Prediction categorize(Transaction t) {
      return new Prediction(majority, 0.0, List.of(), List.of("most frequent label"), true, MAJORITY);
    }
  }

  /** Baseline: the label of the nearest training transaction by TF-IDF cosine similarity. */
  private static final class NearestNeighbourBaseline extends BaselineCategorizer {
    private TfidfVectorizer vectorizer;
    private List<SparseVector> vectors;
    private List<Category> labels;

    @Override
    public ModelMetadata train(List<Transaction> labelled) {
      Function<Transaction, List<String>> tokens = t -> BankText.tokens(t.description());
      vectorizer = TfidfVectorizer.fit(labelled.stream().map(tokens).toList(), 50_000);
      vectors = labelled.stream().map(t -> vectorizer.transform(tokens.apply(t))).toList();
      labels = labelled.stream().map(Transaction::category).toList();
      return metadata(KNN, labelled);
    }

    @Override
    public Prediction categorize(Transaction t) {
      SparseVector v = vectorizer.transform(BankText.tokens(t.description()));
      int best = 0;
      double bestSim = -1;
      for (int i = 0; i < vectors.size(); i++) {
        double s = v.dot(vectors.get(i));
        if (s > bestSim) {
          bestSim = s;
          best = i;
        }
      }
      double conf = Math.max(0, Math.min(1, bestSim));
      return new Prediction(labels.get(best), conf, List.of(), List.of("nearest neighbour, cosine " + bestSim),
          conf < 0.5, KNN);
    }
  }

  /** Shared plumbing of the two baselines (no corrections, no persistence). */
  private abstract static class BaselineCategorizer implements Categorizer {
    static ModelMetadata metadata(String name, List<Transaction> labelled) {
      return new ModelMetadata(name, 1, "0".repeat(64), labelled.size(), List.of(), Map.of(), java.time.Instant.now(),
          Map.of());
    }

    @Override
    public void correct(Transaction transaction, Category category) {}

    @Override
    public ModelMetadata retrain() {
      throw new UnsupportedOperationException("baseline");
    }

    @Override
    public java.util.Optional<ModelMetadata> metadata() {
      return java.util.Optional.empty();
    }

    @Override
    public void save(Path directory) {
      throw new UnsupportedOperationException("baseline");
    }
  }
}
