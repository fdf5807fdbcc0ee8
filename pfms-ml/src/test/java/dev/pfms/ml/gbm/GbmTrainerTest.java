package dev.pfms.ml.gbm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;
import smile.math.MathEx;

class GbmTrainerTest {

  private static GradientTreeBoost smileFit(double[][] x, int[] y, GbmOptions o) {
    String[] names = new String[x[0].length];
    Arrays.setAll(names, i -> "f" + i);
    DataFrame df = DataFrame.of(x, names).add(new IntVector("y", y));
    MathEx.setSeed(o.seed());
    return GradientTreeBoost.fit(Formula.lhs("y"), df, new GradientTreeBoost.Options(o.trees(), o.maxDepth(),
        o.maxNodes(), o.nodeSize(), o.shrinkage(), o.subsample(), null, null));
  }

  @Test
  void withoutDuplicatesOrCapsGrowsExactlySmilesTrees() {
    int width = 30;
    int classes = 6;
    double[][] train = CompiledEnsembleTest.rows(500, width, 11);
    int[] y = CompiledEnsembleTest.labels(train, classes, 12);
    GbmOptions o = new GbmOptions(6, 5, 8, 2, 0.3, 1.0, 3, 0);
    GradientTreeBoost ours = GbmTrainer.fit(train, y, classes, o);
    GradientTreeBoost smile = smileFit(train, y, o);
    StructType schema = GbmTrainer.schema(width);
    double[] a = new double[classes];
    double[] b = new double[classes];
    for (double[] row : CompiledEnsembleTest.rows(1500, width, 13)) {
      assertThat(ours.predict(GbmTrainer.tuple(schema, row), a)).isEqualTo(smile.predict(GbmTrainer.tuple(schema, row), b));
      assertThat(a).containsExactly(b);
    }
  }

  @Test
  void mergesRepeatedRowsIntoWeightsAndTheWeightedFitIsAsAccurate() {
    int width = 20;
    int classes = 5;
    double[][] base = CompiledEnsembleTest.rows(200, width, 21);
    int[] by = CompiledEnsembleTest.labels(base, classes, 22);
    // each row three times, as a year of the same merchant and amount gives
    double[][] train = new double[600][];
    int[] y = new int[600];
    for (int i = 0; i < 600; i++) {
      train[i] = base[i % 200].clone();
      y[i] = by[i % 200];
    }
    GbmTrainer.Rows merged = GbmTrainer.merge(train, y);
    assertThat(merged.x().length).isEqualTo(200);
    assertThat(merged.weight()).containsOnly(3);
    // a cap that binds nowhere still merges: the weighted loop on 200 rows against Smile on 600
    GbmOptions o = new GbmOptions(6, 5, 8, 2, 0.3, 1.0, 3, 10_000);
    GradientTreeBoost ours = GbmTrainer.fit(train, y, classes, o);
    GradientTreeBoost smile = smileFit(train, y, o);
    StructType schema = GbmTrainer.schema(width);
    double[][] test = CompiledEnsembleTest.rows(3000, width, 23);
    int[] truth = CompiledEnsembleTest.labels(test, classes, 24);
    int oursRight = 0;
    int smileRight = 0;
    for (int i = 0; i < test.length; i++) {
      oursRight += ours.predict(GbmTrainer.tuple(schema, test[i])) == truth[i] ? 1 : 0;
      smileRight += smile.predict(GbmTrainer.tuple(schema, test[i])) == truth[i] ? 1 : 0;
    }
    // Smile's trees treat a count of 3 not quite as three rows (about 10% of these noisy rows get
    // another label), so merging is only done when a cap is asked for; accuracy is what must hold
    assertThat(Math.abs(oursRight - smileRight)).isLessThanOrEqualTo(test.length * 3 / 100);
    assertThat(oursRight).isGreaterThan(test.length / 3);
  }

  @Test
  void capsRowsPerLabelAndKeepsEachLabelsTotalWeight() {
    int n = 3000;
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      // label 0 is 90% of the rows, all distinct
      y[i] = i % 10 == 0 ? 1 + (i / 10) % 2 : 0;
      x[i] = new double[] {i, y[i]};
    }
    GbmTrainer.Rows capped = GbmTrainer.cap(GbmTrainer.merge(x, y), 3, 100, 7);
    int[] rows = new int[3];
    long[] weight = new long[3];
    for (int i = 0; i < capped.y().length; i++) {
      rows[capped.y()[i]]++;
      weight[capped.y()[i]] += capped.weight()[i];
    }
    assertThat(rows).containsExactly(100, 100, 100);
    // the class prior is kept: each label's weights sum to its row count
    assertThat(weight).containsExactly(2700L, 150L, 150L);
    assertThat(java.util.Arrays.stream(capped.weight()).min().orElseThrow()).isPositive();
    // seeded: the same choice every time
    assertThat(GbmTrainer.cap(GbmTrainer.merge(x, y), 3, 100, 7).y()).containsExactly(capped.y());
    // a cap that does not bind changes nothing
    GbmTrainer.Rows all = GbmTrainer.merge(x, y);
    assertThat(GbmTrainer.cap(all, 3, 5000, 7)).isSameAs(all);
  }

  @Test
  void aCappedFitStillSeparatesTheLabels() {
    int width = 12;
    double[][] x = CompiledEnsembleTest.rows(3000, width, 31);
    int[] y = CompiledEnsembleTest.labels(x, 4, 32);
    GradientTreeBoost model = GbmTrainer.fit(x, y, 4, new GbmOptions(8, 4, 6, 2, 0.3, 1.0, 1, 150));
    StructType schema = GbmTrainer.schema(width);
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += model.predict(GbmTrainer.tuple(schema, x[i])) == y[i] ? 1 : 0;
    }
    assertThat(right).isGreaterThan(x.length * 3 / 4);
  }
}
