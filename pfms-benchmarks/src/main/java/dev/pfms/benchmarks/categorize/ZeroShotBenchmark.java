package dev.pfms.benchmarks.categorize;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@code zero-shot} without embeddings (no labels: the merchant and brand lexicons, then
 * TF-IDF similarity to the category descriptions) on 1,000 seeded sample transactions, model stage only
 * (no rules cascade). Transactions per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class ZeroShotBenchmark {

  static final int BATCH = 1000;

  private Categorizer categorizer;
  private List<Transaction> batch;

  /** Builds the categorizer and the batch. */
  @Setup(Level.Trial)
  public void setUp() {
    categorizer = Pfms.categorizer("zero-shot", ProviderConfig.of(Map.of("cascade", "false", "embeddings", "off")));
    batch = new ArrayList<>(BATCH);
    for (SampleRow r : SampleGenerator.builder().seed(42).months(24).build().generate()) {
      if (batch.size() < BATCH) {
        batch.add(r.transaction().withCategory(null));
      }
    }
    categorizer.categorizeAll(batch);
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
