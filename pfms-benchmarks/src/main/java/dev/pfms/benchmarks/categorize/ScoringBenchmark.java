package dev.pfms.benchmarks.categorize;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.ml.gbm.CompiledEnsemble;
import dev.pfms.ml.gbm.GbmOptions;
import dev.pfms.ml.gbm.GbmTrainer;
import dev.pfms.ml.text.BankText;
import dev.pfms.ml.text.ChiSquareSelector;
import dev.pfms.ml.text.SparseVector;
import dev.pfms.ml.text.TfidfVectorizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import smile.classification.GradientTreeBoost;
import smile.data.Tuple;
import smile.data.type.StructType;

/**
 * Scoring throughput of a {@code tfidf-gbm}-shaped model with 30 labels (the 30 most frequent of the
 * seeded sample data, 24 months), 20 boosting rounds, 200 selected n-grams + 5 numeric features.
 * Scores are in transactions per second on one thread.
 *
 * <ul>
 *   <li>{@code smilePredictOne} / {@code compiledPredictOne}: stage 2 only, one pre-built feature row.
 *   <li>{@code smilePredictBatch} / {@code compiledPredictBatch}: stage 2 over {@value #BATCH} rows;
 *       {@code compiledPredictAll} the same rows through the batch API, {@code compiledScoresBatch}
 *       the class scores without the softmax.
 *   <li>{@code categorizeOne} / {@code categorizeBatch}: the whole {@code tfidf-gbm} categorizer on raw
 *       transactions (normalization, TF-IDF, trees, softmax with temperature, top-3, explanation).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class ScoringBenchmark {

  static final int BATCH = 1000;
  static final int CLASSES = 30;

  private GradientTreeBoost smile;
  private CompiledEnsemble compiled;
  private Tuple[] tuples;
  private double[][] rows;
  private double[] posteriori;
  private double[][] batchRows;
  private int[] batchBest;
  private double[] batchPosteriori;
  private List<Transaction> transactions;
  private Categorizer categorizer;
  private int next;

  /** Trains the models once. */
  @Setup(Level.Trial)
  public void setUp() {
    List<Transaction> all = new ArrayList<>();
    for (SampleRow r : SampleGenerator.builder().seed(42).months(24).build().generate()) {
      all.add(r.transaction());
    }
    Map<String, Integer> counts = new HashMap<>();
    all.forEach(t -> counts.merge(t.category().code(), 1, Integer::sum));
    List<String> top = counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
        .thenComparing(Map.Entry.comparingByKey())).limit(CLASSES).map(Map.Entry::getKey).toList();
    List<Transaction> data = all.stream().filter(t -> top.contains(t.category().code())).toList();
    List<String> labels = top.stream().sorted(Comparator.naturalOrder()).toList();
    int[] y = data.stream().mapToInt(t -> labels.indexOf(t.category().code())).toArray();

    // stage 1 as tfidf-gbm builds it: TF-IDF, chi-squared selection, five numeric features
    List<List<String>> docs = data.stream().map(t -> BankText.tokens(t.description())).toList();
    TfidfVectorizer v = TfidfVectorizer.fit(docs, 50_000);
    List<SparseVector> vectors = docs.stream().map(v::transform).toList();
    boolean[] isWord = new boolean[v.size()];
    for (int i = 0; i < isWord.length; i++) {
      isWord[i] = v.term(i).startsWith("w:");
    }
    int[] selected = ChiSquareSelector.select(vectors, y, CLASSES, v.size(), 200, isWord);
    int width = selected.length + 5;
    rows = new double[data.size()][width];
    for (int i = 0; i < rows.length; i++) {
      SparseVector x = vectors.get(i);
      for (int k = 0; k < x.size(); k++) {
        int j = java.util.Arrays.binarySearch(selected, x.indices()[k]);
        if (j >= 0) {
          rows[i][j] = x.values()[k];
        }
      }
      Transaction t = data.get(i);
      double a = t.amount().amount().doubleValue();
      rows[i][width - 5] = Math.signum(a);
      rows[i][width - 4] = Math.log10(1 + Math.abs(a));
      rows[i][width - 3] = t.bookingDate().getDayOfWeek().getValue();
      rows[i][width - 2] = t.bookingDate().getDayOfMonth();
      rows[i][width - 1] = t.amount().amount().stripTrailingZeros().scale() <= 0 ? 1 : 0;
    }
    smile = GbmTrainer.fit(rows, y, CLASSES, new GbmOptions(20, 6, 8, 1, 0.3, 1.0, 42));
    compiled = CompiledEnsemble.compile(smile, CLASSES, width, 0.3);
    StructType schema = GbmTrainer.schema(width);
    tuples = new Tuple[rows.length];
    for (int i = 0; i < rows.length; i++) {
      tuples[i] = GbmTrainer.tuple(schema, rows[i]);
    }
    posteriori = new double[CLASSES];
    batchRows = new double[BATCH][];
    for (int i = 0; i < BATCH; i++) {
      batchRows[i] = rows[i % rows.length];
    }
    batchBest = new int[BATCH];
    batchPosteriori = new double[BATCH * CLASSES];

    categorizer = Pfms.categorizer("tfidf-gbm", ProviderConfig.builder().set("cascade", false).set("holdout", 0.0)
        .build());
    categorizer.train(data);
    transactions = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      transactions.add(data.get((i * 7919) % data.size()).withCategory(null));
    }
    System.out.printf("%nmodel: %d labels, %d rows, %d features, %s%n", CLASSES, data.size(), width, compiled);
  }

  private int nextIndex(int n) {
    int i = next++;
    if (next >= n) {
      next = 0;
    }
    return i;
  }

  /** Smile's own predict on one row. */
  @Benchmark
  public int smilePredictOne() {
    return smile.predict(tuples[nextIndex(tuples.length)], posteriori);
  }

  /** The compiled ensemble on one row. */
  @Benchmark
  public int compiledPredictOne() {
    return compiled.predict(rows[nextIndex(rows.length)], posteriori);
  }

  /**
   * Smile's own predict over a batch.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void smilePredictBatch(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) {
      bh.consume(smile.predict(tuples[i % tuples.length], posteriori));
    }
  }

  /**
   * The compiled ensemble over a batch.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void compiledPredictBatch(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) {
      bh.consume(compiled.predict(rows[i % rows.length], posteriori));
    }
  }

  /**
   * The compiled ensemble's class scores (no softmax, as {@code tfidf-gbm} reads them) over the
   * same batch: the difference to {@link #compiledPredictBatch} is the 30-way softmax.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void compiledScoresBatch(Blackhole bh) {
    for (int i = 0; i < BATCH; i++) {
      compiled.scores(rows[i % rows.length], posteriori);
      bh.consume(posteriori[0]);
    }
  }

  /**
   * The compiled ensemble's batch API over the same batch (no allocation per row).
   *
   * @return the classes
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int[] compiledPredictAll() {
    compiled.predictAll(batchRows, batchBest, batchPosteriori);
    return batchBest;
  }

  /**
   * The whole categorizer on one raw transaction.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction categorizeOne() {
    return categorizer.categorize(transactions.get(nextIndex(transactions.size())));
  }

  /**
   * The whole categorizer on a batch of raw transactions.
   *
   * @return the predictions
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Prediction> categorizeBatch() {
    return categorizer.categorizeAll(transactions);
  }
}
