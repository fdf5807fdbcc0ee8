package dev.pfms.core.consent;

import dev.pfms.api.consent.ConsentGuard;



import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.ModelMetadata;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.AnomalyDetector;
import dev.pfms.api.spi.AnomalyModel;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.Forecaster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConsentGuardTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  /** Counts calls that reached the wrapped service; returns nothing useful. */
  static final class CountingCategorizer implements Categorizer {
    final AtomicInteger reached = new AtomicInteger();

    @Override
    public ModelMetadata train(List<Transaction> labelled) {
      reached.incrementAndGet();
      return null;
    }

    @Override
    public Prediction categorize(Transaction transaction) {
      reached.incrementAndGet();
      return null;
    }

    @Override
    public void correct(Transaction transaction, Category category) {
      reached.incrementAndGet();
    }

    @Override
    public ModelMetadata retrain() {
      reached.incrementAndGet();
      return null;
    }

    @Override
    public Optional<ModelMetadata> metadata() {
      return Optional.empty();
    }

    @Override
    public void save(Path directory) {}
  }

  @Test
  void refusesEveryCategorizerDataCallWithoutConsentBeforeTheDelegateSeesData() {
    InMemoryConsentLedger ledger = new InMemoryConsentLedger();
    ConsentGuard guard = new ConsentGuard(ledger, Clock.fixed(T0, ZoneOffset.UTC));
    CountingCategorizer inner = new CountingCategorizer();
    Categorizer cat = guard.categorizer(inner, "s-1");

    assertThatThrownBy(() -> cat.categorize(null)).isInstanceOf(ConsentRequiredException.class)
        .satisfies(e -> assertThat(((ConsentRequiredException) e).purpose()).isEqualTo(Purpose.CATEGORIZATION));
    assertThatThrownBy(() -> cat.categorizeAll(List.of())).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> cat.train(List.of())).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> cat.correct(null, null)).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(cat::retrain).isInstanceOf(ConsentRequiredException.class);
    assertThat(inner.reached).hasValue(0);
  }

  @Test
  void letsCallsThroughWhileGrantedAndStopsThemAfterRevocation() {
    InMemoryConsentLedger ledger = new InMemoryConsentLedger();
    MutableClock clock = new MutableClock(T0);
    ConsentGuard guard = new ConsentGuard(ledger, clock);
    CountingCategorizer inner = new CountingCategorizer();
    Categorizer cat = guard.categorizer(inner, "s-1");
    ledger.append(ConsentEvent.grant("s-1", Purpose.CATEGORIZATION, T0.minusSeconds(60), "app"));

    cat.categorize(null);
    cat.train(List.of());
    assertThat(inner.reached).hasValue(2);

    ledger.append(ConsentEvent.revoke("s-1", Purpose.CATEGORIZATION, T0.plusSeconds(1), "s-1"));
    clock.now = T0.plusSeconds(2);
    assertThatThrownBy(() -> cat.categorize(null)).isInstanceOf(ConsentRequiredException.class);
    assertThat(inner.reached).hasValue(2);
  }

  @Test
  void consentForOnePurposeDoesNotCoverAnother() {
    InMemoryConsentLedger ledger = new InMemoryConsentLedger();
    ConsentGuard guard = new ConsentGuard(ledger, Clock.fixed(T0, ZoneOffset.UTC));
    ledger.append(ConsentEvent.grant("s-1", Purpose.CATEGORIZATION, T0.minusSeconds(60), "app"));
    AtomicInteger reached = new AtomicInteger();
    AnomalyModel inner = new AnomalyModel() {
      @Override
      public List<AnomalyScore> score(List<Transaction> transactions) {
        reached.incrementAndGet();
        return List.of();
      }

      @Override
      public dev.pfms.api.io.ModelRef save(java.nio.file.Path directory) {
        reached.incrementAndGet();
        return null;
      }

      @Override
      public dev.pfms.api.model.ModelMetadata metadata() {
        return null;
      }
    };
    AnomalyDetector det = guard.anomalyDetector(new AnomalyDetector() {
      @Override
      public AnomalyModel fit(List<Transaction> history) {
        reached.incrementAndGet();
        return inner;
      }

      @Override
      public AnomalyModel load(dev.pfms.api.io.SavedModel saved) {
        reached.incrementAndGet();
        return inner;
      }
    }, "s-1");
    AnomalyModel model = guard.anomalyModel(inner, "s-1");
    Forecaster fc = guard.forecaster((h, n, l) -> {
      reached.incrementAndGet();
      return null;
    }, "s-1");

    assertThatThrownBy(() -> det.fit(List.of())).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> det.fitAndScore(List.of())).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> det.load(java.nio.file.Path.of("unused"))).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> model.score(List.of())).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> model.save(java.nio.file.Path.of("unused"))).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> fc.forecast(null, 1, 0.8)).isInstanceOf(ConsentRequiredException.class)
        .satisfies(e -> assertThat(((ConsentRequiredException) e).purpose()).isEqualTo(Purpose.FORECASTING));
    assertThat(reached).hasValue(0);

    ledger.append(ConsentEvent.grant("s-1", Purpose.ANOMALY_DETECTION, T0.minusSeconds(5), "app"));
    det.fit(List.of()).score(List.of());
    assertThat(reached).hasValue(2);
  }

  @Test
  void expiredGrantIsRefused() {
    InMemoryConsentLedger ledger = new InMemoryConsentLedger();
    ledger.append(new ConsentEvent("s-1", Purpose.FORECASTING, "*", true, T0.minusSeconds(100),
        T0.minusSeconds(1), "app"));
    ConsentGuard guard = new ConsentGuard(ledger, Clock.fixed(T0, ZoneOffset.UTC));
    assertThatThrownBy(() -> guard.require("s-1", Purpose.FORECASTING)).isInstanceOf(ConsentRequiredException.class);
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
