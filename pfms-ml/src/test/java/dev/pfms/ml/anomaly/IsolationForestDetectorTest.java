package dev.pfms.ml.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import smile.anomaly.IsolationForest;

class IsolationForestDetectorTest {

  private static List<SampleRow> sample;
  private static List<Transaction> txs;

  @BeforeAll
  static void generate() {
    sample = SampleGenerator.builder().seed(11).months(12).build().generate();
    txs = sample.stream().map(SampleRow::transaction).toList();
  }

  @Test
  void compiledForestScoresEqualSmilesOnThousandsOfRows() {
    IsolationForestDetector d = (IsolationForestDetector) Pfms.anomalyDetector("isolation-forest",
        ProviderConfig.empty());
    d.fit(txs);
    assertThat(d.compiled()).isTrue();
    IsolationForest smile = d.forest();
    int dims = 8;
    CompiledForest compiled = CompiledForest.compile(smile, dims);
    Random r = new Random(5);
    double[][] rows = new double[5000][dims];
    for (double[] row : rows) {
      for (int j = 0; j < dims; j++) {
        row[j] = r.nextGaussian() * 3;
      }
    }
    for (double[] row : rows) {
      assertThat(compiled.score(row)).isEqualTo(smile.score(row));
    }
  }

  @Test
  void extendedForestsCompileToTheSameScoresToo() {
    Random r = new Random(9);
    double[][] x = new double[600][5];
    for (double[] row : x) {
      for (int j = 0; j < 5; j++) {
        row[j] = r.nextGaussian();
      }
    }
    IsolationForest smile = IsolationForest.fit(x, new IsolationForest.Options(50, 0, 0.5, 4));
    CompiledForest compiled = CompiledForest.compile(smile, 5);
    for (int i = 0; i < 2000; i++) {
      double[] row = {r.nextGaussian() * 2, r.nextGaussian() * 2, r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      assertThat(compiled.score(row)).isEqualTo(smile.score(row));
    }
  }

  @Test
  void findsMostInjectedAnomaliesOfTheSampleInItsTopRanks() {
    AnomalyDetector d = Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty());
    d.fit(txs);
    List<AnomalyScore> scores = d.score(txs);
    long positives = sample.stream().filter(SampleRow::anomaly).count();
    long flaggedTrue = 0;
    for (int i = 0; i < sample.size(); i++) {
      if (scores.get(i).flagged() && sample.get(i).anomaly()) {
        flaggedTrue++;
      }
      if (scores.get(i).flagged()) {
        assertThat(scores.get(i).reasons()).isNotEmpty();
      }
    }
    assertThat((double) flaggedTrue / positives).isGreaterThanOrEqualTo(0.5);
    long flagged = scores.stream().filter(AnomalyScore::flagged).count();
    assertThat(flagged).isLessThan(sample.size() / 20);
  }

  @Test
  void fittingIsDeterministicForASeed() {
    AnomalyDetector a = Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty());
    AnomalyDetector b = Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty());
    a.fit(txs);
    b.fit(txs);
    List<Transaction> probe = txs.subList(0, 200);
    assertThat(a.score(probe).stream().map(AnomalyScore::score).toList())
        .isEqualTo(b.score(probe).stream().map(AnomalyScore::score).toList());
  }

  @Test
  void aFixedThresholdFlagsExactlyTheScoresAboveIt() {
    AnomalyDetector d = Pfms.anomalyDetector("isolation-forest", ProviderConfig.builder().set("threshold", "0.55")
        .build());
    d.fit(txs);
    for (AnomalyScore s : d.score(txs)) {
      assertThat(s.flagged()).isEqualTo(s.score() >= 0.55);
    }
  }

  @Test
  void rejectsAnUnknownFeatureNamingIt() {
    AnomalyDetectorProvider p = new IsolationForestProvider();
    assertThatThrownBy(() -> p.create(ProviderConfig.builder().set("features", "MERCHANT_Z,SHOE_SIZE").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHOE_SIZE");
  }

  @Test
  void providerIsDiscoveredWithAHigherPriorityThanTheBaseline() {
    assertThat(Pfms.available(AnomalyDetectorProvider.class)).contains("isolation-forest", "robust-zscore");
    assertThat(new IsolationForestProvider().priority()).isGreaterThan(
        new dev.pfms.core.anomaly.RobustZScoreProvider().priority());
  }
}
