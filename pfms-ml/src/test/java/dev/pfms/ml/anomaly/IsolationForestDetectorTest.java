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

  /** Spearman rank correlation. */
  private static double spearman(double[] a, double[] b) {
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double ma = java.util.Arrays.stream(ra).average().orElseThrow();
    double mb = java.util.Arrays.stream(rb).average().orElseThrow();
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < ra.length; i++) {
      sab += (ra[i] - ma) * (rb[i] - mb);
      saa += (ra[i] - ma) * (ra[i] - ma);
      sbb += (rb[i] - mb) * (rb[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  private static double[] ranks(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
    double[] r = new double[v.length];
    for (int i = 0; i < idx.length; ) {
      int j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        r[idx[k]] = (i + j) / 2.0;
      }
      i = j + 1;
    }
    return r;
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "sample size {0}, extension {1}")
  @org.junit.jupiter.params.provider.CsvSource({"2, 0", "7, 0", "256, 0", "300, 0", "256, 2"})
  void paddedBranchFreeLayoutScoresBitForBitLikeTheTreeWalk(int sampleSize, int ext) {
    Random r = new Random(sampleSize);
    double[][] x = new double[600][4];
    for (double[] row : x) {
      for (int j = 0; j < 4; j++) {
        // ties and exact zeros, as amounts and day counts have
        row[j] = j == 3 ? r.nextInt(5) : r.nextGaussian() * (j + 1);
      }
    }
    dev.pfms.ml.anomaly.IsolationForest own = dev.pfms.ml.anomaly.IsolationForest.grow(x, 37, sampleSize, ext, 5);
    assertThat(own.padded()).isEqualTo(ext == 0);
    double[][] probe = new double[1500][];
    for (int i = 0; i < probe.length; i++) {
      probe[i] = i < x.length ? x[i] : new double[] {r.nextGaussian() * 4, -r.nextGaussian(), 0.0, -0.0};
    }
    double[] all = new double[probe.length];
    own.scoreAll(probe, all);
    for (int i = 0; i < probe.length; i++) {
      double walk = own.scoreByWalk(probe[i]);
      assertThat(own.score(probe[i])).as("row %d", i).isEqualTo(walk);
      assertThat(all[i]).isEqualTo(walk);
    }
  }

  @Test
  void ownTreesRankRowsLikeSmilesIsolationForest() {
    Random r = new Random(9);
    double[][] x = new double[1000][4];
    for (double[] row : x) {
      for (int j = 0; j < 4; j++) {
        row[j] = r.nextGaussian() * (j + 1);
      }
    }
    for (int ext : new int[] {0, 3}) {
      IsolationForest smile = IsolationForest.fit(x, new IsolationForest.Options(200, 0, 256.0 / x.length, ext));
      dev.pfms.ml.anomaly.IsolationForest own = dev.pfms.ml.anomaly.IsolationForest.grow(x, 200, 256, ext, 3);
      double[][] probe = new double[2000][4];
      for (double[] row : probe) {
        for (int j = 0; j < 4; j++) {
          row[j] = r.nextGaussian() * (j + 1) * 1.5;
        }
      }
      double[] a = new double[probe.length];
      double[] b = new double[probe.length];
      for (int i = 0; i < probe.length; i++) {
        a[i] = smile.score(probe[i]);
        b[i] = own.score(probe[i]);
      }
      assertThat(spearman(a, b)).as("extension level %d", ext).isGreaterThan(0.9);
      double far = own.score(new double[] {8, 16, 24, 32});
      double centre = own.score(new double[] {0, 0, 0, 0});
      assertThat(far).isGreaterThan(0.6).isGreaterThan(centre);
      assertThat(centre).isLessThan(0.5);
    }
  }

  @Test
  void fitAndScoreExtractsFeaturesOnceAndMatchesScoring() {
    IsolationForestDetector d = (IsolationForestDetector) Pfms.anomalyDetector("isolation-forest",
        ProviderConfig.empty());
    var fitted = d.fitAndScore(txs);
    IsolationForestDetector.Model m = (IsolationForestDetector.Model) fitted.model();
    assertThat(m.features().extractions()).isEqualTo(1);
    assertThat(fitted.scores()).isEqualTo(m.score(txs));
    assertThat(m.features().extractions()).isEqualTo(2);
  }

  @Test
  void aCompactHistoryScoresExactlyLikeAListOfRecords() {
    AnomalyDetector d = Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty());
    List<AnomalyScore> plain = d.fitAndScore(txs).scores();
    List<Transaction> compact = dev.pfms.api.model.CompactTransactions.of(txs);
    assertThat(d.fitAndScore(compact).scores()).isEqualTo(plain);
    assertThat(d.fit(txs).score(compact)).isEqualTo(d.fit(compact).score(txs)).isEqualTo(plain);
  }

  @Test
  void reasonsOnlyForFlaggedRows() {
    for (AnomalyScore s : Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty()).fit(txs).score(txs)) {
      assertThat(s.reasons().isEmpty()).isEqualTo(!s.flagged());
    }
  }

  @Test
  void hostileForestBytesAreAModelException() throws Exception {
    var m = Pfms.anomalyDetector("isolation-forest", ProviderConfig.builder().set("trees", "5").build())
        .fit(txs.subList(0, 300));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("iforest");
    try {
      m.save(dir.resolve("m"));
      byte[] good = dev.pfms.api.io.ModelDirectory.read(dir.resolve("m")).bytes("model.bin");
      Random r = new Random(3);
      AnomalyDetector d = Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty());
      int refused = 0;
      for (int round = 0; round < 40; round++) {
        byte[] b = good.clone();
        for (int e = 0; e < 3; e++) {
          b[r.nextInt(Math.min(b.length, 4000))] = (byte) r.nextInt(256);
        }
        dev.pfms.api.io.ModelDirectory.save(dir.resolve("m"), m.metadata(), java.util.Map.of("model.bin",
            out -> out.write(b)));
        try {
          d.load(dir.resolve("m")).score(txs.subList(0, 50));
        } catch (dev.pfms.api.ModelException expected) {
          refused++;
        }
      }
      assertThat(refused).isGreaterThan(10);
      assertThat(bytes.size()).isZero();
    } finally {
      try (var s = java.nio.file.Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void findsMostInjectedAnomaliesOfTheSampleInItsTopRanks() {
    List<AnomalyScore> scores = Pfms.anomalyDetector("isolation-forest", ProviderConfig.empty()).fit(txs).score(txs);
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
    List<Transaction> probe = txs.subList(0, 200);
    assertThat(a.fit(txs).score(probe).stream().map(AnomalyScore::score).toList())
        .isEqualTo(b.fit(txs).score(probe).stream().map(AnomalyScore::score).toList());
  }

  @Test
  void aFixedThresholdFlagsExactlyTheScoresAboveIt() {
    AnomalyDetector d = Pfms.anomalyDetector("isolation-forest", ProviderConfig.builder().set("threshold", "0.55")
        .build());
    for (AnomalyScore s : d.fit(txs).score(txs)) {
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
