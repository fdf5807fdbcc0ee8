package dev.pfms.ml.gbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HistGbmTrainerTest {

  private static final GbmOptions OPTIONS = new GbmOptions(10, 6, 8, 1, 0.3, 1.0, 42);

  /** Rows with more distinct values than bins in the last column and NaN in a few. */
  private static double[][] rowsWithNaN(int n, int width, long seed) {
    double[][] x = CompiledEnsembleTest.rows(n, width, seed);
    Random r = new Random(seed + 1);
    for (double[] row : x) {
      if (r.nextInt(10) == 0) {
        row[r.nextInt(width)] = Double.NaN;
      }
    }
    return x;
  }

  private static double accuracy(CompiledEnsemble e, double[][] x, int[] y) {
    double[] p = new double[e.classes()];
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += e.predict(x[i], p) == y[i] ? 1 : 0;
    }
    return right / (double) x.length;
  }

  @ParameterizedTest(name = "{0} classes")
  @ValueSource(ints = {2, 5, 30})
  void theScorerGivesEveryTrainingRowTheScoreTheTrainerComputed(int classes) {
    int width = 25;
    double[][] x = rowsWithNaN(2000, width, 5);
    int[] y = CompiledEnsembleTest.labels(x, classes, 6);
    HistGbmTrainer.Result r = HistGbmTrainer.train(x, y, null, classes, OPTIONS);
    CompiledEnsemble e = r.ensemble();
    assertThat(e.bitVectorScoring()).isTrue();
    double[] s = new double[classes];
    for (int i = 0; i < x.length; i++) {
      e.scores(x[i], s);
      if (classes == 2) {
        assertThat(s[1]).isEqualTo(r.scores()[0][i]);
      } else {
        for (int c = 0; c < classes; c++) {
          assertThat(s[c]).as("row %d class %d", i, c).isEqualTo(r.scores()[c][i]);
        }
      }
    }
  }

  @Test
  void learnsXorAndFourQuadrants() {
    Random r = new Random(3);
    int n = 1000;
    double[][] x = new double[n][3];
    int[] xor = new int[n];
    int[] quadrant = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextDouble();
      x[i][1] = r.nextDouble();
      x[i][2] = r.nextGaussian();
      int a = x[i][0] > 0.5 ? 1 : 0;
      int b = x[i][1] > 0.5 ? 1 : 0;
      xor[i] = a ^ b;
      quadrant[i] = 2 * a + b;
    }
    double[][] test = new double[n][3];
    int[] testXor = new int[n];
    int[] testQuadrant = new int[n];
    for (int i = 0; i < n; i++) {
      test[i][0] = r.nextDouble();
      test[i][1] = r.nextDouble();
      test[i][2] = r.nextGaussian();
      int a = test[i][0] > 0.5 ? 1 : 0;
      int b = test[i][1] > 0.5 ? 1 : 0;
      testXor[i] = a ^ b;
      testQuadrant[i] = 2 * a + b;
    }
    GbmOptions o = new GbmOptions(20, 4, 6, 1, 0.3, 1.0, 1);
    CompiledEnsemble two = HistGbmTrainer.fit(x, xor, 2, o);
    CompiledEnsemble four = HistGbmTrainer.fit(x, quadrant, 4, o);
    // like Smile's, candidate splits are ~1/100 of the rows apart, so the boundary is hit to within that
    assertThat(accuracy(two, x, xor)).isGreaterThan(0.99);
    assertThat(accuracy(four, x, quadrant)).isGreaterThan(0.99);
    assertThat(accuracy(two, test, testXor)).isGreaterThan(0.97);
    assertThat(accuracy(four, test, testQuadrant)).isGreaterThan(0.97);
  }

  @Test
  void theModelDoesNotDependOnTheThreadCount() throws Exception {
    int width = 30;
    double[][] x = rowsWithNaN(1500, width, 7);
    int[] y = CompiledEnsembleTest.labels(x, 12, 8);
    GbmOptions o = new GbmOptions(8, 6, 8, 2, 0.3, 0.8, 9);
    CompiledEnsemble one;
    CompiledEnsemble four;
    ForkJoinPool p1 = new ForkJoinPool(1);
    ForkJoinPool p4 = new ForkJoinPool(4);
    try {
      one = p1.submit(() -> HistGbmTrainer.fit(x, y, 12, o)).get();
      four = p4.submit(() -> HistGbmTrainer.fit(x, y, 12, o)).get();
    } finally {
      p1.shutdown();
      p4.shutdown();
    }
    assertThat(four).isEqualTo(one);
    assertThat(HistGbmTrainer.fit(x, y, 12, o)).isEqualTo(one);
  }

  @Test
  void aWeightIsTheSameAsThatManyIdenticalRows() {
    int width = 20;
    int classes = 5;
    double[][] base = CompiledEnsembleTest.rows(400, width, 21);
    int[] by = CompiledEnsembleTest.labels(base, classes, 22);
    Random r = new Random(23);
    double[] weight = new double[base.length];
    int total = 0;
    for (int i = 0; i < base.length; i++) {
      weight[i] = 1 + r.nextInt(3);
      total += (int) weight[i];
    }
    double[][] dup = new double[total][];
    int[] dy = new int[total];
    int j = 0;
    for (int i = 0; i < base.length; i++) {
      for (int c = 0; c < weight[i]; c++) {
        dup[j] = base[i];
        dy[j++] = by[i];
      }
    }
    CompiledEnsemble weighted = HistGbmTrainer.fit(base, by, weight, classes, OPTIONS);
    CompiledEnsemble duplicated = HistGbmTrainer.fit(dup, dy, classes, OPTIONS);
    assertThat(weighted.nodes()).isEqualTo(duplicated.nodes());
    double[] a = new double[classes];
    double[] b = new double[classes];
    for (double[] row : CompiledEnsembleTest.rows(2000, width, 24)) {
      assertThat(weighted.predict(row, a)).isEqualTo(duplicated.predict(row, b));
      for (int c = 0; c < classes; c++) {
        // the same splits; sums of w*g and of w copies of g differ only by rounding
        assertThat(a[c]).isCloseTo(b[c], org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  @Test
  void nanGoesToItsOwnSideAndConstantColumnsAreIgnored() {
    int n = 600;
    Random r = new Random(4);
    double[][] x = new double[n][4];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      x[i][0] = y[i] == 2 ? Double.NaN : r.nextDouble();
      x[i][1] = y[i] == 1 ? 1.0 + r.nextDouble() : r.nextDouble();
      x[i][2] = 0.0; // all zero
      x[i][3] = Double.NaN; // all NaN
    }
    CompiledEnsemble e = HistGbmTrainer.fit(x, y, 3, OPTIONS);
    assertThat(accuracy(e, x, y)).isGreaterThan(0.99);
    double[] p = new double[3];
    assertThat(e.predict(new double[] {Double.NaN, 0.2, 0, 0}, p)).isEqualTo(2);
    assertThat(e.predict(new double[] {0.3, 1.7, 5, Double.NaN}, p)).isEqualTo(1);
    assertThat(e.predict(new double[] {0.3, 0.2, -5, 7}, p)).isEqualTo(0);
    HistGbmTrainer.Bins bins = HistGbmTrainer.Bins.of(x, new double[n]);
    assertThat(bins.column).containsExactly(0, 1);
  }

  @Test
  void binsAreQuantilesWithHeavyValuesAlone() {
    int n = 10_000;
    double[][] x = new double[n][1];
    Random r = new Random(5);
    for (int i = 0; i < n; i++) {
      x[i][0] = i % 2 == 0 ? 0.0 : r.nextDouble();
    }
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1.0);
    HistGbmTrainer.Bins bins = HistGbmTrainer.Bins.of(x, w);
    assertThat(bins.nbins[0]).isLessThanOrEqualTo(HistGbmTrainer.MAX_BINS);
    assertThat(bins.nbins[0]).isGreaterThan(200);
    // 0 is half the rows: its own bin, the common one, so no row of it has an entry
    assertThat(bins.code[0][0]).isEqualTo((byte) 0);
    assertThat(bins.common[0]).isZero();
    assertThat(bins.entry.length).isEqualTo(n / 2);
    for (int b = 0; b < bins.nbins[0]; b++) {
      assertThat(bins.high[0][b]).isGreaterThanOrEqualTo(bins.low[0][b]);
      if (b > 0) {
        assertThat(bins.low[0][b]).isGreaterThan(bins.high[0][b - 1]);
      }
    }
    assertThat(HistGbmTrainer.Bins.between(1.0, Math.nextUp(1.0))).isEqualTo(1.0);
    assertThat(HistGbmTrainer.Bins.between(1.0, 2.0)).isEqualTo(1.5);
    assertThat(HistGbmTrainer.Bins.between(-Double.MAX_VALUE, Double.MAX_VALUE)).isEqualTo(0.0);
  }

  @Test
  void heldOutAccuracyMatchesTheExactTrainerWithinAPoint() {
    int width = 40;
    int classes = 8;
    GbmOptions o = new GbmOptions(15, 6, 8, 1, 0.3, 1.0, 42);
    double hist = 0;
    double exact = 0;
    long[] seeds = {31, 51, 71};
    for (long seed : seeds) {
      double[][] train = CompiledEnsembleTest.rows(3000, width, seed);
      int[] y = CompiledEnsembleTest.labels(train, classes, seed + 1);
      double[][] test = CompiledEnsembleTest.rows(4000, width, seed + 2);
      int[] truth = CompiledEnsembleTest.labels(test, classes, seed + 3);
      hist += accuracy(GbmTrainer.fitCompiled(train, y, classes, o), test, truth) / seeds.length;
      exact += accuracy(GbmTrainer.fitCompiled(train, y, classes, o.withSplits(GbmOptions.Splits.EXACT)), test,
          truth) / seeds.length;
    }
    assertThat(hist).isGreaterThan(0.75);
    assertThat(Math.abs(hist - exact)).as("histogram %s vs exact %s", hist, exact).isLessThanOrEqualTo(0.01);
  }

  @Test
  void exactSplitsAreSmilesCompiledModel() {
    double[][] x = CompiledEnsembleTest.rows(300, 10, 41);
    int[] y = CompiledEnsembleTest.labels(x, 3, 42);
    GbmOptions o = new GbmOptions(4, 4, 6, 2, 0.3, 1.0, 1).withSplits(GbmOptions.Splits.EXACT);
    assertThat(GbmTrainer.fitCompiled(x, y, 3, o))
        .isEqualTo(CompiledEnsemble.compile(GbmTrainer.fit(x, y, 3, o), 3, 10, 0.3));
    assertThat(GbmOptions.defaults().splits()).isEqualTo(GbmOptions.Splits.HISTOGRAM);
    assertThat(new GbmOptions(4, 4, 6, 2, 0.3, 1.0, 1, 0).splits()).isEqualTo(GbmOptions.DEFAULT_SPLITS);
  }

  @Test
  void rejectsBadInput() {
    double[][] x = {{1}, {2}, {3}};
    int[] y = {0, 1, 0};
    assertThatThrownBy(() -> new GbmOptions(1, 2, 2, 1, 0.3, 1.0, 1, 0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("splits");
    assertThatThrownBy(() -> new GbmOptions(0, 2, 2, 1, 0.3, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistGbmTrainer.fit(x, y, 1, OPTIONS)).isInstanceOf(ModelException.class);
    assertThatThrownBy(() -> HistGbmTrainer.fit(x, new int[] {0, 0, 0}, 2, OPTIONS))
        .isInstanceOf(ModelException.class).hasMessageContaining("label index 1");
    assertThatThrownBy(() -> HistGbmTrainer.fit(x, new int[] {0, 1}, 2, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistGbmTrainer.fit(x, new int[] {0, 1, 2}, 2, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label out of range");
    assertThatThrownBy(() -> HistGbmTrainer.fit(new double[][] {{1}, {2, 3}}, new int[] {0, 1}, 2, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> HistGbmTrainer.fit(x, y, new double[] {1, bad, 1}, 2, OPTIONS))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    }
    assertThatThrownBy(() -> HistGbmTrainer.fit(x, y, new double[] {1, 1}, 2, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one weight per row");
  }
}
