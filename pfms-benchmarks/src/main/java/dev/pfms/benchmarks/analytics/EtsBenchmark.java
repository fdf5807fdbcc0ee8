package dev.pfms.benchmarks.analytics;

import dev.pfms.core.forecast.Ets;
import dev.pfms.core.forecast.EtsModel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ETS on 36 monthly points: fitting every eligible model (9 forms with season 12: A,N/A/Ad × N/A
 * and M,N/A/Ad,M) and choosing by AICc, then the 12-month forecast with 80% intervals.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class EtsBenchmark {

  double[] y;

  /** A seasonal monthly spending series with trend and noise. */
  @Setup(Level.Trial)
  public void setUp() {
    Random r = new Random(3);
    y = new double[36];
    for (int i = 0; i < y.length; i++) {
      y[i] = (400 + 3 * i) * (1 + 0.25 * Math.sin(2 * Math.PI * i / 12)) + r.nextGaussian() * 25;
    }
  }

  /**
   * Model selection by AICc over all eligible forms.
   *
   * @return the chosen model
   */
  @Benchmark
  public EtsModel selectBest() {
    return Ets.select(y, 12);
  }

  /**
   * Selection plus a 12-month forecast with 80% intervals.
   *
   * @return the intervals
   */
  @Benchmark
  public double[][] selectAndForecast() {
    EtsModel m = Ets.select(y, 12);
    return m.intervals(12, 0.8);
  }
}
