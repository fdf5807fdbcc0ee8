package dev.pfms.ml.gbm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bit-vector scorer against a plain tree walk in Smile's order of operations, on random
 * ensembles built through {@link CompiledEnsemble#of}: every lane width (8 to 64 leaves), class
 * counts that fill and do not fill a word, single-leaf trees, a heavy feature with many (and
 * repeated) thresholds, and rows exactly on thresholds, next to them, NaN and infinite.
 */
class QuickScorerTest {

  /** Random trees in the pre-order layout {@link CompiledEnsemble#of} checks. */
  private static final class Forest {
    final List<Integer> feature = new ArrayList<>();
    final List<Double> threshold = new ArrayList<>();
    final List<Integer> trueChild = new ArrayList<>();
    final List<Integer> falseChild = new ArrayList<>();
    final List<Double> value = new ArrayList<>();
    final List<Double> splitValues = new ArrayList<>();
    final SplittableRandom r;
    final int width;

    Forest(SplittableRandom r, int width) {
      this.r = r;
      this.width = width;
    }

    /** A tree of exactly {@code leaves} leaves; returns its root. */
    int tree(int leaves) {
      int id = feature.size();
      feature.add(-1);
      threshold.add(0.0);
      trueChild.add(0);
      falseChild.add(0);
      value.add(0.0);
      if (leaves == 1) {
        value.set(id, r.nextDouble(-2, 2));
        return id;
      }
      // feature 0 is the heavy one: most splits use it, on a coarse grid (repeated thresholds)
      int f = r.nextInt(3) > 0 ? 0 : 1 + r.nextInt(width - 1);
      double t = f == 0 ? r.nextInt(40) * 0.25 : (r.nextBoolean() ? 0.5 : r.nextInt(8) * 0.125);
      splitValues.add(t);
      feature.set(id, f);
      threshold.set(id, t);
      int left = 1 + r.nextInt(leaves - 1);
      trueChild.set(id, tree(left));
      falseChild.set(id, tree(leaves - left));
      value.set(id, 0.5 * (value.get(trueChild.get(id)) + value.get(falseChild.get(id))));
      return id;
    }

    double split() {
      return splitValues.isEmpty() ? 0.5 : splitValues.get(r.nextInt(splitValues.size()));
    }

    double[] x() {
      double[] x = new double[width];
      for (int j = 0; j < width; j++) {
        int k = r.nextInt(10);
        x[j] = switch (k) {
          case 0 -> Double.NaN;
          case 1 -> Double.POSITIVE_INFINITY;
          case 2 -> Double.NEGATIVE_INFINITY;
          case 3, 4 -> split();
          case 5 -> Math.nextUp(split());
          case 6 -> 0.0;
          default -> r.nextDouble(-1, 11);
        };
      }
      return x;
    }
  }

  static int[] ints(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  static double[] doubles(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @ParameterizedTest(name = "{0} classes, {1} rounds, up to {2} leaves")
  @CsvSource({"2, 30, 8", "2, 7, 64", "3, 5, 8", "8, 4, 8", "9, 4, 8", "30, 20, 8", "30, 3, 16", "5, 6, 32",
      "4, 3, 64", "17, 2, 33", "3, 9, 1"})
  void scoresExactlyLikeTheTreeWalk(int classes, int rounds, int maxLeaves) {
    SplittableRandom r = new SplittableRandom(classes * 1000L + rounds * 10L + maxLeaves);
    int width = 12;
    Forest forest = new Forest(r, width);
    int sequences = classes == 2 ? 1 : classes;
    int[] roots = new int[sequences * rounds];
    for (int t = 0; t < roots.length; t++) {
      // some single-leaf trees, and at least one tree of the largest size
      int leaves = t == 0 ? maxLeaves : r.nextInt(8) == 0 ? 1 : 1 + r.nextInt(maxLeaves);
      roots[t] = forest.tree(leaves);
    }
    double shrinkage = 0.3;
    double intercept = classes == 2 ? 0.1 : 0.0;
    int[] feature = ints(forest.feature);
    double[] threshold = doubles(forest.threshold);
    int[] trueChild = ints(forest.trueChild);
    int[] falseChild = ints(forest.falseChild);
    double[] value = doubles(forest.value);
    CompiledEnsemble e = CompiledEnsemble.of(classes, width, rounds, shrinkage, intercept, roots, feature, threshold,
        trueChild, falseChild, value);
    assertThat(e.bitVectorScoring()).isTrue();

    int n = 400;
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = forest.x();
    }
    // every feature NaN, every feature on the heaviest thresholds, everything at zero
    Arrays.fill(rows[0], Double.NaN);
    Arrays.fill(rows[1], 9.75);
    Arrays.fill(rows[2], 0.0);
    Arrays.fill(rows[3], 10.0);
    int[] best = new int[n];
    double[] all = new double[n * classes];
    e.predictAll(rows, best, all);
    double[] p = new double[classes];
    double[] s = new double[classes];
    boolean variesWithTheRow = false;
    double[] first = null;
    for (int i = 0; i < n; i++) {
      double[] x = rows[i];
      double[] sums = new double[sequences];
      for (int c = 0; c < sequences; c++) {
        double sum = classes == 2 ? intercept : 0.0;
        for (int t = 0; t < rounds; t++) {
          int node = roots[c * rounds + t];
          while (feature[node] >= 0) {
            node = x[feature[node]] <= threshold[node] ? trueChild[node] : falseChild[node];
          }
          sum += shrinkage * value[node];
        }
        sums[c] = sum;
      }
      double[] want = new double[classes];
      int wantBest;
      if (classes == 2) {
        want[0] = 1.0 / (1.0 + Math.exp(2.0 * sums[0]));
        want[1] = 1.0 - want[0];
        wantBest = sums[0] > 0 ? 1 : 0;
      } else {
        double max = Double.NEGATIVE_INFINITY;
        wantBest = -1;
        for (int c = 0; c < classes; c++) {
          if (sums[c] > max) {
            max = sums[c];
            wantBest = c;
          }
        }
        double z = 0;
        for (int c = 0; c < classes; c++) {
          want[c] = Math.exp(sums[c] - max);
          z += want[c];
        }
        for (int c = 0; c < classes; c++) {
          want[c] /= z;
        }
      }
      assertThat(e.predict(x, p)).as("row %d", i).isEqualTo(wantBest);
      assertThat(p).as("row %d", i).containsExactly(want);
      assertThat(best[i]).isEqualTo(wantBest);
      assertThat(Arrays.copyOfRange(all, i * classes, (i + 1) * classes)).containsExactly(want);
      e.scores(x, s);
      if (classes == 2) {
        assertThat(s).containsExactly(-sums[0], sums[0]);
      } else {
        assertThat(s).containsExactly(sums);
      }
      if (first == null) {
        first = want.clone();
      } else if (!Arrays.equals(first, want)) {
        variesWithTheRow = true;
      }
    }
    // single-leaf-only forests score every row alike; the others must not be constant
    assertThat(variesWithTheRow).isEqualTo(maxLeaves > 1);
  }
}
