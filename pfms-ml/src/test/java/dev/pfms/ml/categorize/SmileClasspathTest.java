package dev.pfms.ml.categorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.ml.gbm.GbmOptions;
import dev.pfms.ml.gbm.GbmTrainer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.anomaly.IsolationForest;
import smile.classification.GradientTreeBoost;

/**
 * Proves the Smile dependency trim in pfms-ml's pom: the excluded jars are not on the class path, and
 * the two Smile algorithms pfms uses still fit and score without them.
 */
class SmileClasspathTest {

  @Test
  void excludedNativeJdbcAndSasJarsAreAbsent() {
    for (String cls : new String[] {"org.bytedeco.javacpp.Loader", "org.bytedeco.openblas.global.openblas",
        "org.bytedeco.arpackng.global.arpack", "org.duckdb.DuckDBDriver", "com.epam.parso.SasFileReader"}) {
      assertThatThrownBy(() -> Class.forName(cls)).as(cls).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void gradientTreeBoostAndIsolationForestWorkWithoutThem() {
    Random r = new Random(3);
    double[][] x = new double[300][6];
    int[] y = new int[300];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 6; j++) {
        x[i][j] = r.nextGaussian();
      }
      y[i] = x[i][0] > 0.5 ? 2 : x[i][1] > 0 ? 1 : 0;
    }
    GradientTreeBoost gbm = GbmTrainer.fit(x, y, 3, new GbmOptions(10, 4, 6, 2, 0.3, 1.0, 1));
    int right = 0;
    var schema = GbmTrainer.schema(6);
    for (int i = 0; i < x.length; i++) {
      right += gbm.predict(GbmTrainer.tuple(schema, x[i])) == y[i] ? 1 : 0;
    }
    assertThat(right).isGreaterThan(270);

    IsolationForest forest = IsolationForest.fit(x);
    double normal = forest.score(new double[] {0, 0, 0, 0, 0, 0});
    double outlier = forest.score(new double[] {9, -9, 9, -9, 9, -9});
    assertThat(outlier).isGreaterThan(normal);
  }
}
