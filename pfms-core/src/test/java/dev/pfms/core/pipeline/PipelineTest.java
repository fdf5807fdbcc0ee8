package dev.pfms.core.pipeline;

import dev.pfms.api.pipeline.Pipeline;
import dev.pfms.api.pipeline.AnalysisResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ProviderConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final List<SampleRow> ROWS = SampleGenerator.builder().months(12).build().generate();

  private static Pipeline.Builder builder() {
    Categorizer rules = Pfms.categorizer("rules", ProviderConfig.empty());
    rules.train(ROWS.stream().limit(ROWS.size() / 2).map(SampleRow::transaction).toList());
    return Pipeline.builder().categorizer(rules)
        .anomalyDetector(Pfms.anomalyDetector("robust-zscore", ProviderConfig.empty()))
        .forecaster(Pfms.forecaster("ets", ProviderConfig.empty()))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static List<Transaction> unlabelled() {
    return ROWS.stream().map(r -> r.transaction().withCategory(null)).toList();
  }

  @Test
  void refusesToBuildWithoutChoosingConsent() {
    assertThatThrownBy(() -> builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("consent");
  }

  @Test
  void categorizesScoresAndForecastsEveryTransaction() {
    AnalysisResult r = builder().withoutConsent().build().run(unlabelled());
    assertThat(r.transactions()).hasSize(ROWS.size());
    assertThat(r.predictions()).hasSize(ROWS.size());
    assertThat(r.anomalies()).hasSize(ROWS.size());
    assertThat(r.forecasts()).containsKeys("FOOD_AND_DRINK", "HOME");
    long right = 0;
    for (int i = 0; i < ROWS.size(); i++) {
      if (r.transactions().get(i).category().equals(ROWS.get(i).transaction().category())) {
        right++;
      }
    }
    assertThat((double) right / ROWS.size()).as("rules accuracy on seen merchants").isGreaterThan(0.5);
    long flaggedInjected = 0;
    for (int i = 0; i < ROWS.size(); i++) {
      if (ROWS.get(i).anomaly() && r.anomalies().get(i).flagged()) {
        flaggedInjected++;
      }
    }
    assertThat(flaggedInjected).isPositive();
  }

  @Test
  void refusesToCategorizeWithoutConsentAndStopsAtTheFirstMissingPurpose() {
    dev.pfms.tck.ManualClock ledgerClock = new dev.pfms.tck.ManualClock(NOW.minusSeconds(60));
    ConsentLedger ledger = Pfms.consentLedger("in-memory", ProviderConfig.builder().set("clock", ledgerClock).build());
    Pipeline p = builder().consent(ledger, "subject-1").build();
    assertThatThrownBy(() -> p.run(unlabelled())).isInstanceOf(ConsentRequiredException.class)
        .extracting(e -> ((ConsentRequiredException) e).purpose()).isEqualTo(Purpose.CATEGORIZATION);
    ledger.append(ConsentEvent.grant("subject-1", Purpose.CATEGORIZATION, NOW.minusSeconds(60), "app"));
    assertThatThrownBy(() -> p.run(unlabelled())).isInstanceOf(ConsentRequiredException.class)
        .extracting(e -> ((ConsentRequiredException) e).purpose()).isEqualTo(Purpose.ANOMALY_DETECTION);
    ledger.append(ConsentEvent.grant("subject-1", Purpose.ANOMALY_DETECTION, NOW.minusSeconds(60), "app"));
    ledger.append(ConsentEvent.grant("subject-1", Purpose.FORECASTING, NOW.minusSeconds(60), "app"));
    assertThat(p.run(unlabelled()).forecasts()).isNotEmpty();
    ledgerClock.set(NOW.minusSeconds(1));
    ledger.append(ConsentEvent.revoke("subject-1", Purpose.FORECASTING, NOW.minusSeconds(1), "subject-1"));
    assertThatThrownBy(() -> p.run(unlabelled())).isInstanceOf(ConsentRequiredException.class);
  }

  @Test
  void twoConcurrentRunsOnOneDetectorDoNotInterleave() throws Exception {
    Pipeline p = builder().withoutConsent().build();
    List<Transaction> a = ROWS.stream().limit(ROWS.size() / 2).map(SampleRow::transaction).toList();
    List<Transaction> b = ROWS.stream().skip(ROWS.size() / 2).map(SampleRow::transaction).toList();
    var aloneA = p.run(a).anomalies();
    var aloneB = p.run(b).anomalies();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        var fa = pool.submit(() -> p.run(a).anomalies());
        var fb = pool.submit(() -> p.run(b).anomalies());
        assertThat(fa.get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(aloneA);
        assertThat(fb.get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(aloneB);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
