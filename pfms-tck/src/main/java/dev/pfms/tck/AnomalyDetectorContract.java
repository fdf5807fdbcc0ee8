package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.io.ModelDirectory;
import dev.pfms.api.io.ModelRef;
import dev.pfms.api.model.ModelKind;
import dev.pfms.api.model.ModelMetadata;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import dev.pfms.api.spi.ProviderConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AnomalyDetectorProvider} must pass. It fits on six months of ordinary
 * spending ({@link TckData#ordinaryHistory}) and checks that a £2,500 grocery bill stands out with a
 * reason, that scores line up with their inputs, that a fitted model is an immutable value shared
 * safely between threads, that save then load gives identical scores, and that a model saved by
 * another provider or damaged is refused with a {@code ModelException}.
 */
public abstract class AnomalyDetectorContract {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract AnomalyDetectorProvider provider();

  /**
   * Options for {@link AnomalyDetectorProvider#create}; empty by default.
   *
   * @return the options
   */
  protected ProviderConfig config() {
    return ProviderConfig.empty();
  }

  private AnomalyDetector create() {
    AnomalyDetectorProvider p = provider();
    return p.create(config().validate(p.name(), p.options()));
  }

  private static List<Transaction> probe() {
    List<Transaction> out = new ArrayList<>();
    out.add(TckData.tx("POS 1234 TESCO STORES LONDON GB", "-52.30", LocalDate.of(2025, 7, 2)));
    out.add(TckData.tx("STARBUCKS STORE #101", "-3.40", LocalDate.of(2025, 7, 3)));
    out.add(TckData.tx("POS 1234 TESCO STORES LONDON GB", "-2500.00", LocalDate.of(2025, 7, 4)));
    out.add(TckData.tx("STARBUCKS STORE #102", "-3.10", LocalDate.of(2025, 7, 5)));
    out.add(TckData.tx("POS 1234 TESCO STORES LONDON GB", "-47.80", LocalDate.of(2025, 7, 9)));
    return out;
  }

  @Test
  @DisplayName("provider has a lower-case name and a description")
  void providerIsDescribed() {
    assertThat(provider().name()).matches("[a-z0-9][a-z0-9-]*");
    assertThat(provider().description()).isNotBlank();
  }

  /**
   * A model of another provider, saved to a directory, for the refusal test; the default is a
   * tiny hand-written model directory of a provider named {@code "tck-other"}.
   *
   * @param directory where to save it
   * @throws java.io.IOException when it cannot be written
   */
  protected void saveForeignModel(Path directory) throws java.io.IOException {
    ModelDirectory.save(directory, new ModelMetadata("tck-other", "", 1, ModelKind.ANOMALY, "0".repeat(64), 1,
        List.of(), Map.of(), Instant.EPOCH, Map.of()), Map.of("model.bin", out -> out.write(new byte[] {1, 2, 3})));
  }

  private static List<Double> values(List<AnomalyScore> s) {
    return s.stream().map(AnomalyScore::score).toList();
  }

  @Test
  @DisplayName("fitting a too-small history is a ModelException, and the detector stays usable")
  void fittingNothingFails() {
    AnomalyDetector d = create();
    assertThatThrownBy(() -> d.fit(List.of())).isInstanceOf(ModelException.class);
    assertThat(d.fit(TckData.ordinaryHistory(7)).score(probe())).hasSize(5);
  }

  @Test
  @DisplayName("one score per transaction, in order, with matching ids and finite scores")
  void scoresLineUpWithInputs() {
    AnomalyModel m = create().fit(TckData.ordinaryHistory(7));
    List<Transaction> probe = probe();
    List<AnomalyScore> scores = m.score(probe);
    assertThat(scores).hasSize(probe.size());
    for (int i = 0; i < probe.size(); i++) {
      assertThat(scores.get(i).transactionId()).isEqualTo(probe.get(i).id());
      assertThat(scores.get(i).score()).isFinite();
    }
    assertThat(m.score(List.of())).isEmpty();
  }

  @Test
  @DisplayName("a grocery bill fifty times the usual is flagged, with a reason, above every ordinary one")
  void outlierIsFlaggedWithReason() {
    List<AnomalyScore> scores = create().fit(TckData.ordinaryHistory(7)).score(probe());
    AnomalyScore big = scores.get(2);
    assertThat(big.flagged()).isTrue();
    assertThat(big.reasons()).isNotEmpty();
    assertThat(String.join(" ", big.reasons())).containsIgnoringCase("TESCO");
    for (int i : new int[] {0, 1, 3, 4}) {
      assertThat(scores.get(i).score()).isLessThan(big.score());
    }
  }

  @Test
  @DisplayName("ordinary transactions from the history are mostly not flagged")
  void fewFalseAlarmsOnOrdinaryData() {
    List<Transaction> history = TckData.ordinaryHistory(7);
    long flagged = create().fit(history).score(history).stream().filter(AnomalyScore::flagged).count();
    assertThat((double) flagged / history.size()).isLessThan(0.15);
  }

  @Test
  @DisplayName("fitAndScore gives the model and the same scores as fit then score")
  void fitAndScoreEqualsFitThenScore() {
    List<Transaction> history = TckData.ordinaryHistory(7);
    AnomalyDetector d = create();
    AnomalyDetector.Fitted f = d.fitAndScore(history);
    assertThat(f.scores()).hasSize(history.size());
    assertThat(values(f.scores())).isEqualTo(values(f.model().score(history)));
    assertThat(values(f.scores())).isEqualTo(values(d.fit(history).score(history)));
  }

  @Test
  @DisplayName("a model is a value: a later fit on the same detector does not change it")
  void modelsAreImmutable() {
    AnomalyDetector d = create();
    AnomalyModel first = d.fit(TckData.ordinaryHistory(7));
    List<Double> before = values(first.score(probe()));
    List<Transaction> other = new ArrayList<>(TckData.ordinaryHistory(8));
    other.add(TckData.tx("POS 1234 TESCO STORES LONDON GB", "-2400.00", LocalDate.of(2025, 6, 20)));
    AnomalyModel second = d.fit(other);
    assertThat(values(first.score(probe()))).isEqualTo(before);
    assertThat(second).isNotSameAs(first);
  }

  @Test
  @DisplayName("metadata names the provider, kind anomaly and the training-set size")
  void metadataDescribesTheModel() {
    List<Transaction> history = TckData.ordinaryHistory(7);
    ModelMetadata md = create().fit(history).metadata();
    assertThat(md.provider()).isEqualTo(provider().name());
    assertThat(md.kind()).isEqualTo(ModelKind.ANOMALY);
    assertThat(md.trainingSize()).isEqualTo(history.size());
    assertThat(md.trainingHash()).matches("[0-9a-f]{64}");
  }

  @Test
  @DisplayName("save then load (by directory and by reference) gives identical scores and flags")
  void saveLoadRoundTrip(@TempDir Path tmp) throws Exception {
    List<Transaction> history = TckData.ordinaryHistory(7);
    AnomalyModel m = create().fit(history);
    Path dir = tmp.resolve("model");
    ModelRef ref = m.save(dir);
    List<Transaction> all = new ArrayList<>(history);
    all.addAll(probe());
    List<AnomalyScore> expected = m.score(all);
    for (AnomalyModel loaded : List.of(create().load(dir), create().load(ref))) {
      assertThat(loaded.score(all)).isEqualTo(expected);
      assertThat(loaded.score(history)).isEqualTo(m.score(history));
      assertThat(loaded.metadata()).isEqualTo(m.metadata());
    }
    assertThat(ModelDirectory.read(dir).metadata().kind()).isEqualTo(ModelKind.ANOMALY);
  }

  @Test
  @DisplayName("a model saved by another provider is refused with a ModelException naming it")
  void foreignModelIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("foreign");
    saveForeignModel(dir);
    String other = ModelDirectory.read(dir).metadata().provider();
    assertThat(other).isNotEqualTo(provider().name());
    assertThatThrownBy(() -> create().load(dir)).isInstanceOf(ModelException.class).hasMessageContaining(other);
  }

  @Test
  @DisplayName("loading a damaged model file is a ModelException")
  void damagedModelIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("model");
    create().fit(TckData.ordinaryHistory(7)).save(dir);
    for (String name : ModelDirectory.read(dir).files()) {
      Path f = dir.resolve(name);
      byte[] b = java.nio.file.Files.readAllBytes(f);
      b[b.length / 2] ^= 0x40;
      java.nio.file.Files.write(f, b);
    }
    assertThatThrownBy(() -> create().load(dir)).isInstanceOf(ModelException.class);
  }

  @Test
  @DisplayName("one model scored from four threads gives the same scores as sequential scoring")
  void concurrentScoringIsConsistent() throws Exception {
    AnomalyModel m = create().fit(TckData.ordinaryHistory(7));
    List<Transaction> probe = probe();
    List<Double> expected = values(m.score(probe));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Double>>> fs = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        fs.add(pool.submit(() -> {
          List<Double> last = null;
          for (int r = 0; r < 20; r++) {
            last = values(m.score(probe));
          }
          return last;
        }));
      }
      for (Future<List<Double>> f : fs) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("concurrent fits on one detector do not interleave: each model scores as if fitted alone")
  void concurrentFitsAreIndependent() throws Exception {
    AnomalyDetector d = create();
    List<Transaction> a = TckData.ordinaryHistory(7);
    List<Transaction> b = TckData.ordinaryHistory(11);
    List<Double> aloneA = values(d.fit(a).score(probe()));
    List<Double> aloneB = values(d.fit(b).score(probe()));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int r = 0; r < 5; r++) {
        Future<List<Double>> fa = pool.submit(() -> values(d.fitAndScore(a).model().score(probe())));
        Future<List<Double>> fb = pool.submit(() -> values(d.fitAndScore(b).model().score(probe())));
        assertThat(fa.get(60, TimeUnit.SECONDS)).isEqualTo(aloneA);
        assertThat(fb.get(60, TimeUnit.SECONDS)).isEqualTo(aloneB);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
