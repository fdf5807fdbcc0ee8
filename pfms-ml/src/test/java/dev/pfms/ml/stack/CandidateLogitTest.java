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

  @Test
  void aLogitFitKeepsAtMostItsCapOfTransactionsDeterministicallyAndAllBelowIt() {
    int[] small = new int[StackedModel.LOGIT_MAX_ROWS];
    java.util.Arrays.fill(small, 2);
    small[5] = -1;
    int[] copy = small.clone();
    StackedModel.capLogitRows(small);
    org.assertj.core.api.Assertions.assertThat(small).containsExactly(copy);

    int[] big = new int[3 * StackedModel.LOGIT_MAX_ROWS];
    for (int i = 0; i < big.length; i++) {
      big[i] = i % 7 == 0 ? -1 : i % 5;
    }
    int[] again = big.clone();
    int[] before = big.clone();
    StackedModel.capLogitRows(big);
    StackedModel.capLogitRows(again);
    org.assertj.core.api.Assertions.assertThat(big).containsExactly(again);
    int kept = 0;
    int firstThird = 0;
    for (int i = 0; i < big.length; i++) {
      if (big[i] >= 0) {
        kept++;
        firstThird += i < big.length / 3 ? 1 : 0;
        org.assertj.core.api.Assertions.assertThat(big[i]).isEqualTo(before[i]);
      }
    }
    org.assertj.core.api.Assertions.assertThat(kept).isEqualTo(StackedModel.LOGIT_MAX_ROWS);
    // spread over the history, not its first rows
    org.assertj.core.api.Assertions.assertThat(firstThird).isBetween(kept / 4, kept / 2);
  }
}
