package dev.pfms.ml.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CandidateLogitTest {

  @Test
  void learnsWhichFeatureMarksTheRightCandidateAndIgnoresNoise() {
    Random r = new Random(5);
    int rows = 200;
    double[][][] groups = new double[rows][][];
    int[] truth = new int[rows];
    for (int i = 0; i < rows; i++) {
      int k = 3 + r.nextInt(4);
      groups[i] = new double[k][];
      truth[i] = r.nextInt(k);
      for (int c = 0; c < k; c++) {
        // feature 0: higher for the right candidate; feature 1: noise
        groups[i][c] = new double[] {(c == truth[i] ? 1.0 : 0.0) + 0.5 * r.nextGaussian(), r.nextGaussian()};
      }
    }
    CandidateLogit l = CandidateLogit.fit(groups, truth, 2, 0.01);
    assertThat(l.weight[0]).isGreaterThan(1.0);
    assertThat(Math.abs(l.weight[1])).isLessThan(0.3 * l.weight[0]);
    double[] x = {1.0, 0.0};
    assertThat(l.contributions(x)[0] + l.contributions(x)[1]).isCloseTo(l.margin(x), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void withNoUsableRowsAllWeightsAreZero() {
    CandidateLogit l = CandidateLogit.fit(new double[][][] {{{1, 2}}}, new int[] {-1}, 2, 0.01);
    assertThat(l.weight).containsExactly(0, 0);
  }
}
