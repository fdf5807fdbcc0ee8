package dev.pfms.benchmarks.categorize;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scoring throughput of {@code stacked-gbm} (model stage only, no rules cascade) trained on the first
 * 12 months of the seeded sample data and scoring the next 12: neighbour search over the training
 * memory, per-candidate features, stage-2 trees, calibration and explanation. Transactions per second
 * on one thread. {@code embeddings=off} measures TF-IDF alone; {@code auto} adds MiniLM (the
 * embeddings of the scored months are cached after the first pass, as in a long-running service).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class StackedGbmBenchmark {

  static final int BATCH = 1000;

  @Param({"off", "auto"})
  String embeddings;

  private Categorizer categorizer;
  private List<Transaction> batch;
  private int next;

  /** Trains once. */
  @Setup(Level.Trial)
  public void setUp() {
    List<Transaction> train = new ArrayList<>();
    List<Transaction> test = new ArrayList<>();
    LocalDate cut = null;
    for (SampleRow r : SampleGenerator.builder().seed(42).months(24).build().generate()) {
      Transaction t = r.transaction();
      cut = cut == null ? t.bookingDate().plusMonths(12) : cut;
      (t.bookingDate().isBefore(cut) ? train : test).add(t);
    }
    categorizer = Pfms.categorizer("stacked-gbm", ProviderConfig.of(Map.of("cascade", "false", "embeddings",
        embeddings)));
    categorizer.train(train);
    batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(test.get(i % test.size()).withCategory(null));
    }
    categorizer.categorizeAll(batch);
  }

  /**
   * One transaction at a time.
   *
   * @return the prediction
   */
  @Benchmark
  public Prediction categorizeOne() {
    Transaction t = batch.get(next);
    next = (next + 1) % BATCH;
    return categorizer.categorize(t);
  }

  /**
   * A batch of {@value #BATCH}.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void categorizeBatch(Blackhole bh) {
    bh.consume(categorizer.categorizeAll(batch));
  }
}
