package dev.pfms.benchmarks.analytics;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.ml.anomaly.CompiledForest;
import dev.pfms.ml.anomaly.IsolationForestDetector;
import java.util.List;
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
import smile.anomaly.IsolationForest;

/**
 * Isolation-forest scoring throughput on one thread, per transaction: the compiled arrays, Smile's
 * own {@code IsolationForest.score(double[])} on the same fitted trees, and the whole detector
 * ({@code AnomalyDetector.score}: feature engineering, scoring and reasons). The fixture is the
 * seeded 24-month sample (about 1,800 transactions), its features repeated to 16,384 rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class IsolationForestBenchmark {

  static final int ROWS = 16_384;

  IsolationForest smile;
  CompiledForest compiled;
  IsolationForestDetector detector;
  List<Transaction> transactions;
  double[][] x;

  /** Fits the detector on the sample and prepares the feature rows. */
  @Setup(Level.Trial)
  public void setUp() {
    transactions = SampleGenerator.builder().seed(42).months(24).build().generate().stream()
        .map(SampleRow::transaction).toList();
    detector = (IsolationForestDetector) Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty());
    detector.fit(transactions);
    smile = detector.forest();
    compiled = CompiledForest.compile(smile, 8);
    java.util.Random r = new java.util.Random(1);
    x = new double[ROWS][8];
    for (double[] row : x) {
      for (int j = 0; j < 8; j++) {
        row[j] = r.nextGaussian() * 2;
      }
    }
  }

  /**
   * Compiled-array scoring.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void compiledScore(Blackhole bh) {
    for (double[] row : x) {
      bh.consume(compiled.score(row));
    }
  }

  /**
   * Smile's scoring of the same trees, one row at a time on this thread.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void smileScore(Blackhole bh) {
    for (double[] row : x) {
      bh.consume(smile.score(row));
    }
  }

  /**
   * The whole detector on the sample history: features, compiled scoring and reasons.
   *
   * @return the scores
   */
  @Benchmark
  @OperationsPerInvocation(1831)
  public List<AnomalyScore> detectorScore() {
    return detector.score(transactions);
  }
}
