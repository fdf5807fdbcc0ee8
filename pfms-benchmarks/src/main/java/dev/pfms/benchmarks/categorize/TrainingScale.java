package dev.pfms.benchmarks.categorize;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.ml.gbm.CompiledEnsemble;
import dev.pfms.ml.gbm.GbmOptions;
import dev.pfms.ml.gbm.GbmTrainer;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.ChiSquareSelector;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * How {@code tfidf-gbm} training scales with the labelled history, for both split searches
 * ({@code histogram}: {@link dev.pfms.ml.gbm.HistGbmTrainer}, {@code exact}: Smile's CART), and what
 * the per-label cap costs in accuracy. Labelled rows come from {@link SampleGenerator} with as many people as the
 * size needs (linear now); the held-out set is another seed's two people. Two parts:
 *
 * <ul>
 *   <li>stage 2 alone (the gradient boosting on the stage-1 rows {@code tfidf-gbm} builds: TF-IDF,
 *       chi-squared selection of 200 n-grams, five numeric features; 20 rounds, depth 6, 8 leaves,
 *       shrinkage 0.3) for each trainer and cap given, {@code 0} meaning none: fit seconds and
 *       held-out accuracy;
 *   <li>the whole {@code tfidf-gbm} categorizer with its defaults ({@code holdout 0.2}: it fits
 *       twice): train seconds and held-out accuracy.
 * </ul>
 *
 * <pre>
 * java -cp pfms-benchmarks/target/benchmarks.jar dev.pfms.benchmarks.categorize.TrainingScale \
 *     1000,10000,100000 0,300 [whole] [histogram,exact]
 * </pre>
 *
 * The fourth argument lists the trainers (default both); {@code exact} is skipped above 20,000
 * rows unless asked for alone.
 *
 * A program, not a test: no figure is asserted.
 */
public final class TrainingScale {

  private TrainingScale() {}

  /**
   * Runs the program.
   *
   * @param args sizes, caps, {@code whole} (or {@code -}) to train the whole categorizer too, trainers
   */
  public static void main(String[] args) {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int[] caps = Arrays.stream((args.length > 1 ? args[1] : "0,300").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    boolean whole = args.length > 2 && args[2].equals("whole");
    List<GbmOptions.Splits> trainers = Arrays.stream((args.length > 3 ? args[3] : "histogram,exact").split(","))
        .map(t -> GbmOptions.Splits.valueOf(t.strip().toUpperCase(java.util.Locale.ROOT))).toList();
    List<Transaction> test = SampleGenerator.builder().seed(99).people(2).months(24).build().generate().stream()
        .map(SampleRow::transaction).toList();
    System.out.printf("machine: %s, %d cores, JDK %s, max heap %d MiB, load %.1f%n", cpu(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20, load());
    // warm-up: the JIT compiles Smile's CART before the first timed fit
    List<Transaction> warm = labelled(600);
    Stage1 w = new Stage1(warm);
    for (GbmOptions.Splits t : trainers) {
      GbmTrainer.fitCompiled(w.rows(warm), w.labels(warm), w.labels.size(),
          new GbmOptions(5, 6, 8, 1, 0.3, 1.0, 42, 0, t));
    }
    for (int n : sizes) {
      List<Transaction> train = labelled(n);
      Stage1 s1 = new Stage1(train);
      double[][] x = s1.rows(train);
      int[] y = s1.labels(train);
      double[][] tx = s1.rows(test);
      int[] ty = s1.labels(test);
      for (GbmOptions.Splits trainer : trainers) {
      if (trainer == GbmOptions.Splits.EXACT && n > 20_000 && trainers.size() > 1) {
        System.out.printf("stage 2  %,7d rows: exact skipped (over 20,000 rows; ask for it alone)%n", n);
        continue;
      }
      for (int cap : caps) {
        long t0 = System.nanoTime();
        GbmOptions o = new GbmOptions(20, 6, 8, 1, 0.3, 1.0, 42, cap, trainer);
        CompiledEnsemble e = GbmTrainer.fitCompiled(x, y, s1.labels.size(), o);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int[] perLabel = new int[s1.labels.size()];
        for (int label : y) {
          perLabel[label]++;
        }
        int kept = 0;
        for (int c : perLabel) {
          kept += cap == 0 ? c : Math.min(c, cap);
        }
        System.out.printf("stage 2  %,7d rows, %d labels, %-9s cap %4s (<= %,d rows grown on): fit %6.1f s, "
                + "held-out accuracy %.4f (%d rows), load %.1f%n", n, s1.labels.size(),
            trainer.name().toLowerCase(java.util.Locale.ROOT), cap == 0 ? "none" : Integer.toString(cap),
            kept, seconds, accuracy(e, tx, ty), ty.length, load());
      }
      }
      if (whole) {
        Categorizer c = Pfms.categorizer("tfidf-gbm", ProviderConfig.builder().set("cascade", false).build());
        long t0 = System.nanoTime();
        c.train(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int right = 0;
        var predictions = c.categorizeAll(test.stream().map(t -> t.withCategory(null)).toList());
        for (int i = 0; i < test.size(); i++) {
          right += predictions.get(i).category().equals(test.get(i).category()) ? 1 : 0;
        }
        System.out.printf("tfidf-gbm %,7d rows: train %6.1f s, held-out accuracy %.4f (%d rows), load %.1f%n", n,
            seconds, right / (double) test.size(), test.size(), load());
      }
    }
  }

  static String cpu() {
    try {
      for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).strip();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** The first {@code n} rows of a generated history of enough people. */
  static List<Transaction> labelled(int n) {
    int people = Math.max(1, (int) Math.ceil(n / 1800.0));
    List<Transaction> all = SampleGenerator.builder().seed(42).people(people).months(24).build().generate().stream()
        .map(SampleRow::transaction).toList();
    return all.subList(0, Math.min(n, all.size()));
  }

  private static double accuracy(CompiledEnsemble e, double[][] x, int[] y) {
    double[] p = new double[e.classes()];
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += y[i] >= 0 && e.predict(x[i], p) == y[i] ? 1 : 0;
    }
    return right / (double) x.length;
  }

  /** Stage 1 as {@code tfidf-gbm} builds it. */
  static final class Stage1 {
    final List<String> labels;
    final TfidfVectorizer vectorizer;
    final int[] selected;
    final int width;

    Stage1(List<Transaction> train) {
      labels = new ArrayList<>(new TreeSet<>(train.stream().map(t -> t.category().code()).toList()));
      List<List<String>> docs = train.stream().map(t -> BankText.tokens(t.description())).toList();
      vectorizer = TfidfVectorizer.fit(docs, 50_000);
      List<SparseVector> vectors = docs.stream().map(vectorizer::transform).toList();
      boolean[] isWord = new boolean[vectorizer.size()];
      for (int i = 0; i < isWord.length; i++) {
        isWord[i] = vectorizer.term(i).startsWith("w:");
      }
      selected = ChiSquareSelector.select(vectors, labels(train), labels.size(), vectorizer.size(), 200, isWord);
      width = selected.length + 5;
    }

    int[] labels(List<Transaction> txs) {
      return txs.stream().mapToInt(t -> labels.indexOf(t.category().code())).toArray();
    }

    double[][] rows(List<Transaction> txs) {
      double[][] rows = new double[txs.size()][width];
      for (int i = 0; i < rows.length; i++) {
        Transaction t = txs.get(i);
        SparseVector x = vectorizer.transform(BankText.tokens(t.description()));
        for (int k = 0; k < x.size(); k++) {
          int j = Arrays.binarySearch(selected, x.indices()[k]);
          if (j >= 0) {
            rows[i][j] = x.values()[k];
          }
        }
        double a = t.amount().amount().doubleValue();
        rows[i][width - 5] = Math.signum(a);
        rows[i][width - 4] = Math.log10(1 + Math.abs(a));
        rows[i][width - 3] = t.bookingDate().getDayOfWeek().getValue();
        rows[i][width - 2] = t.bookingDate().getDayOfMonth();
        rows[i][width - 1] = t.amount().amount().stripTrailingZeros().scale() <= 0 ? 1 : 0;
      }
      return rows;
    }
  }
}
