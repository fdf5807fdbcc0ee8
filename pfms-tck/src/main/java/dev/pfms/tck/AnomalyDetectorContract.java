package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ModelException;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyDetectorProvider;
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
 * reason, that scores line up with their inputs, and that scoring is safe to share between threads.
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

  @Test
  @DisplayName("scoring before fit is a ModelException")
  void scoringBeforeFitFails() {
    AnomalyDetector d = create();
    assertThatThrownBy(() -> d.score(probe())).isInstanceOf(ModelException.class);
  }

  @Test
  @DisplayName("one score per transaction, in order, with matching ids and finite scores")
  void scoresLineUpWithInputs() {
    AnomalyDetector d = create();
    d.fit(TckData.ordinaryHistory(7));
    List<Transaction> probe = probe();
    List<AnomalyScore> scores = d.score(probe);
    assertThat(scores).hasSize(probe.size());
    for (int i = 0; i < probe.size(); i++) {
      assertThat(scores.get(i).transactionId()).isEqualTo(probe.get(i).id());
      assertThat(scores.get(i).score()).isFinite();
    }
    assertThat(d.score(List.of())).isEmpty();
  }

  @Test
  @DisplayName("a grocery bill fifty times the usual is flagged, with a reason, above every ordinary one")
  void outlierIsFlaggedWithReason() {
    AnomalyDetector d = create();
    d.fit(TckData.ordinaryHistory(7));
    List<AnomalyScore> scores = d.score(probe());
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
    AnomalyDetector d = create();
    List<Transaction> history = TckData.ordinaryHistory(7);
    d.fit(history);
    long flagged = d.score(history).stream().filter(AnomalyScore::flagged).count();
    assertThat((double) flagged / history.size()).isLessThan(0.15);
  }

  @Test
  @DisplayName("concurrent scoring gives the same scores as sequential scoring")
  void concurrentScoringIsConsistent() throws Exception {
    AnomalyDetector d = create();
    d.fit(TckData.ordinaryHistory(7));
    List<Transaction> probe = probe();
    List<Double> expected = d.score(probe).stream().map(AnomalyScore::score).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Double>>> fs = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        fs.add(pool.submit(() -> d.score(probe).stream().map(AnomalyScore::score).toList()));
      }
      for (Future<List<Double>> f : fs) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
