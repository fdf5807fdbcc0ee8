package dev.pfms.benchmarks.analytics;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.ProviderConfig;
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
 * Isolation-forest scoring throughput on one thread, per row: pfms's own forest arrays
 * ({@code IsolationForestDetector.Model.scoreRow}), Smile's {@code IsolationForest.score(double[])}
 * on a Smile forest of the same size fitted on the same rows (the 0.1 implementation's trees), and
 * the whole model ({@code AnomalyModel.score}: feature engineering, scoring and reasons for the
 * flagged rows); {@code ownForestScoreRows} is the batch API. The fixture is the seeded 24-month sample (about 1,800 transactions); the row
 * benchmarks score 16,384 random rows.
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
  IsolationForestDetector.Model model;
  List<Transaction> transactions;
  double[][] x;
  double[] out = new double[ROWS];

  /** Fits the detector on the sample and prepares the feature rows. */
  @Setup(Level.Trial)
  public void setUp() {
    transactions = SampleGenerator.builder().seed(42).months(24).build().generate().stream()
        .map(SampleRow::transaction).toList();
    model = (IsolationForestDetector.Model) Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty())
        .fit(transactions);
    double[][] train = new double[transactions.size()][];
    int[] cols = dev.pfms.ml.anomaly.IsolationForestProvider.columns(
        dev.pfms.ml.anomaly.IsolationForestProvider.FEATURES.defaultValue()).stream().mapToInt(Enum::ordinal).toArray();
    List<dev.pfms.core.anomaly.FeatureRow> rows = model.features().extract(transactions);
    for (int i = 0; i < train.length; i++) {
      train[i] = new double[cols.length];
      for (int j = 0; j < cols.length; j++) {
        train[i][j] = rows.get(i).values()[cols[j]];
      }
    }
    smile = IsolationForest.fit(train, new IsolationForest.Options(100, 0, Math.min(1.0, 256.0 / train.length), 0));
    java.util.Random r = new java.util.Random(1);
    x = new double[ROWS][8];
    for (double[] row : x) {
      for (int j = 0; j < 8; j++) {
        row[j] = r.nextGaussian() * 2;
      }
    }
  }

  /**
   * pfms's own forest arrays.
   *
   * @param bh the blackhole
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void ownForestScore(Blackhole bh) {
    for (double[] row : x) {
      bh.consume(model.scoreRow(row));
    }
  }

  /**
   * pfms's batch API over the same rows (no allocation per row).
   *
   * @return the scores
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double[] ownForestScoreRows() {
    model.scoreRows(x, out);
    return out;
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
   * The whole model on the sample history: features, scoring and reasons for flagged rows.
   *
   * @return the scores
   */
  @Benchmark
  @OperationsPerInvocation(1831)
  public List<AnomalyScore> detectorScore() {
    return model.score(transactions);
  }
}
