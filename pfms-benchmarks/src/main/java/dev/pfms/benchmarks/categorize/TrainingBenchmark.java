package dev.pfms.benchmarks.categorize;

import dev.pfms.api.model.Transaction;
import dev.pfms.ml.gbm.CompiledEnsemble;
import dev.pfms.ml.gbm.GbmOptions;
import dev.pfms.ml.gbm.GbmTrainer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One stage-2 fit of {@code tfidf-gbm} (the rows {@link TrainingScale} builds: TF-IDF, 200
 * chi-squared n-grams, five numeric features; 20 rounds, depth 6, 8 leaves, shrinkage 0.3) per
 * operation, in seconds, for each split search. The exact (Smile) fit of 10 k rows takes minutes:
 * run it with {@code -p rows=1831 -p splits=EXACT}.
 *
 * <pre>
 * java -jar pfms-benchmarks/target/benchmarks.jar TrainingBenchmark -p rows=10000 -p splits=HISTOGRAM
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class TrainingBenchmark {

  /** Labelled rows. */
  @Param({"1831", "10000"})
  public int rows;

  /** The split search. */
  @Param({"HISTOGRAM"})
  public GbmOptions.Splits splits;

  private double[][] x;
  private int[] y;
  private int classes;
  private GbmOptions options;

  /** Builds the stage-1 rows once. */
  @Setup
  public void setUp() {
    List<Transaction> train = TrainingScale.labelled(rows);
    TrainingScale.Stage1 s1 = new TrainingScale.Stage1(train);
    x = s1.rows(train);
    y = s1.labels(train);
    classes = s1.labels.size();
    options = new GbmOptions(20, 6, 8, 1, 0.3, 1.0, 42, 0, splits);
  }

  /**
   * One fit.
   *
   * @return the model (for the blackhole)
   */
  @Benchmark
  public CompiledEnsemble fit() {
    return GbmTrainer.fitCompiled(x, y, classes, options);
  }
}
