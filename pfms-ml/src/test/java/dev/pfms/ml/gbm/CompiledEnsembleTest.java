package dev.pfms.ml.gbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import smile.classification.GradientTreeBoost;
import smile.data.type.StructType;

class CompiledEnsembleTest {

  /** Rows whose label depends on a few features, with noise, and many exact zeros like TF-IDF. */
  static double[][] rows(int n, int width, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][width];
    for (double[] row : x) {
      for (int j = 0; j < width; j++) {
        row[j] = r.nextDouble() < 0.7 ? 0.0 : r.nextDouble();
      }
      row[width - 1] = r.nextGaussian() * 3;
    }
    return x;
  }

  static int[] labels(double[][] x, int classes, long seed) {
    Random r = new Random(seed);
    int[] y = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      int best = 0;
      for (int j = 1; j < Math.min(classes, x[i].length - 1); j++) {
        if (x[i][j] > x[i][best]) {
          best = j;
        }
      }
      y[i] = r.nextDouble() < 0.1 ? r.nextInt(classes) : best % classes;
    }
    for (int c = 0; c < classes; c++) {
      y[c] = c;
    }
    return y;
  }

  @ParameterizedTest(name = "{0} classes, depth {1}, {2} leaves")
  @CsvSource({"2, 4, 6", "5, 4, 6", "30, 5, 8", "30, 6, 32", "3, 12, 200"})
  void scoresBitForBitLikeSmileOnThousandsOfUnseenRows(int classes, int depth, int leaves) {
    int width = 40;
    double[][] train = rows(600, width, 1);
    int[] y = labels(train, classes, 2);
    GradientTreeBoost smile = GbmTrainer.fit(train, y, classes, new GbmOptions(8, depth, leaves, 1, 0.2, 0.8, 7));
    CompiledEnsemble compiled = CompiledEnsemble.compile(smile, classes, width, 0.2);
    // up to 64 leaves a tree the bit-vector scorer runs; beyond, the tree walk
    assertThat(compiled.bitVectorScoring()).isEqualTo(leaves <= 64);
    StructType schema = GbmTrainer.schema(width);

    double[][] test = rows(3000, width, 3);
    // NaN fails every split in Smile (x <= t is false): the compiled scorers must agree
    for (int i = 0; i < 50; i++) {
      test[i * 7][i % width] = Double.NaN;
    }
    // rows exactly on the thresholds' neighbourhood: the training rows themselves
    System.arraycopy(train, 0, test, 100, 600);
    double[] ps = new double[classes];
    double[] pc = new double[classes];
    double[] sc = new double[classes];
    int[] best = new int[test.length];
    double[] all = new double[test.length * classes];
    compiled.predictAll(test, best, all);
    int agreeWithTruthish = 0;
    for (int r = 0; r < test.length; r++) {
      double[] row = test[r];
      int a = smile.predict(GbmTrainer.tuple(schema, row), ps);
      int b = compiled.predict(row, pc);
      assertThat(b).isEqualTo(a);
      assertThat(best[r]).isEqualTo(a);
      assertThat(pc).as("row %d", r).containsExactly(ps);
      assertThat(java.util.Arrays.copyOfRange(all, r * classes, (r + 1) * classes)).containsExactly(ps);
      compiled.scores(row, sc);
      if (classes > 2) {
        // the margins are Smile's sums before the softmax
        double max = java.util.Arrays.stream(sc).max().orElseThrow();
        double z = 0;
        for (double v : sc) {
          z += Math.exp(v - max);
        }
        assertThat(Math.exp(sc[a] - max) / z).isEqualTo(ps[a]);
      }
      agreeWithTruthish += a;
    }
    assertThat(agreeWithTruthish).as("the model is not constant").isPositive();
  }

  @Test
  void contributionsSumToTheScoreMinusTheExpectedScore() {
    int width = 20;
    int classes = 4;
    double[][] train = rows(400, width, 5);
    int[] y = labels(train, classes, 6);
    CompiledEnsemble e = CompiledEnsemble.compile(
        GbmTrainer.fit(train, y, classes, new GbmOptions(5, 4, 6, 2, 0.3, 1.0, 1)), classes, width, 0.3);
    double[] zero = new double[width];
    double[] row = train[17];
    double[] s = new double[classes];
    double[] s0 = new double[classes];
    e.scores(row, s);
    double[] contrib = e.contributions(row, 2);
    double[] contrib0 = e.contributions(zero, 2);
    e.scores(zero, s0);
    double sum = 0;
    double sum0 = 0;
    for (int j = 0; j < width; j++) {
      sum += contrib[j];
      sum0 += contrib0[j];
    }
    // both decompose around the same expected score: score - contributions is constant
    assertThat(s[2] - sum).isCloseTo(s0[2] - sum0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void roundTripsThroughBytesAndRejectsAnotherFormat() throws IOException {
    int width = 10;
    double[][] train = rows(200, width, 8);
    int[] y = labels(train, 3, 9);
    CompiledEnsemble e = CompiledEnsemble.compile(
        GbmTrainer.fit(train, y, 3, new GbmOptions(3, 3, 4, 2, 0.3, 1.0, 1)), 3, width, 0.3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    e.write(new DataOutputStream(bytes));
    byte[] b = bytes.toByteArray();
    assertThat(CompiledEnsemble.read(new DataInputStream(new ByteArrayInputStream(b)))).isEqualTo(e);
    b[3] = 9;
    assertThatThrownBy(() -> CompiledEnsemble.read(new DataInputStream(new ByteArrayInputStream(b))))
        .isInstanceOf(ModelException.class).hasMessageContaining("format 9");
  }

  @Test
  void refusesToTrainOnOneLabel() {
    assertThatThrownBy(() -> GbmTrainer.fit(new double[][] {{1}, {2}}, new int[] {0, 0}, 1, GbmOptions.defaults()))
        .isInstanceOf(ModelException.class).hasMessageContaining("at least two labels");
  }
}
