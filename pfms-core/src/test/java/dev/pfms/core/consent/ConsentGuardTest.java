package dev.pfms.core.consent;

import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.consent.ConsentState;
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
import dev.pfms.tck.ManualClock;
import dev.pfms.tck.TckData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConsentGuardTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryConsentLedger ledger = new InMemoryConsentLedger(new ConsentClock(clock, Duration.ofMinutes(5)));
  private final ConsentGuard guard = new ConsentGuard(ledger, clock);

  private static Transaction tx(String account) {
    Transaction t = TckData.tx("COFFEE", "-3.50", LocalDate.of(2025, 2, 1));
    return Transaction.builder().account(account).bookingDate(t.bookingDate()).amount(t.amount())
        .description(t.description()).provenance(t.provenance()).build();
  }

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
      reached.incrementAndGet();
      return Optional.empty();
    }

    @Override
    public void save(Path directory) {
      reached.incrementAndGet();
    }
  }

  @Test
  void refusesEveryCategorizerCallIncludingSaveWithoutConsentBeforeTheDelegateSeesData() {
    CountingCategorizer inner = new CountingCategorizer();
    Categorizer cat = guard.categorizer(inner, "s-1");

    assertThatThrownBy(() -> cat.categorize(tx("a"))).isInstanceOf(ConsentRequiredException.class)
        .satisfies(e -> assertThat(((ConsentRequiredException) e).purpose()).isEqualTo(Purpose.CATEGORIZATION));
    assertThatThrownBy(() -> cat.categorizeAll(List.of())).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> cat.train(List.of())).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> cat.correct(null, null)).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(cat::retrain).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(() -> cat.save(Path.of("model"))).isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(cat::metadata).isInstanceOf(ConsentRequiredException.class);
    assertThat(inner.reached).hasValue(0);
  }

  @Test
  void letsCallsThroughWhileGrantedAndStopsThemAfterRevocation() {
    CountingCategorizer inner = new CountingCategorizer();
    Categorizer cat = guard.categorizer(inner, "s-1");
    ledger.append(ConsentEvent.grant("s-1", Purpose.CATEGORIZATION, T0, "app"));
    clock.advance(Duration.ofSeconds(1));

    cat.categorize(tx("a"));
    cat.train(List.of());
    assertThat(inner.reached).hasValue(2);

    ledger.append(ConsentEvent.revoke("s-1", Purpose.CATEGORIZATION, clock.instant(), "s-1"));
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> cat.categorize(tx("a"))).isInstanceOf(ConsentRequiredException.class);
    assertThat(inner.reached).hasValue(2);
  }

  @Test
  void aGrantForOneAccountCoversOnlyThatAccountsTransactions() {
    CountingCategorizer inner = new CountingCategorizer();
    Categorizer cat = guard.categorizer(inner, "s-1");
    ledger.append(new ConsentEvent("s-1", Purpose.CATEGORIZATION, "account:1234", true, T0, null, "app"));
    clock.advance(Duration.ofSeconds(1));

    cat.categorize(tx("1234"));
    cat.categorizeAll(List.of(tx("1234"), tx("1234")));
    int allowed = inner.reached.get();
    assertThat(allowed).isGreaterThanOrEqualTo(2);
    assertThatThrownBy(() -> cat.categorize(tx("9999"))).isInstanceOf(ConsentRequiredException.class)
        .hasMessageContaining("account:9999");
    assertThatThrownBy(() -> cat.categorizeAll(List.of(tx("1234"), tx("9999"))))
        .isInstanceOf(ConsentRequiredException.class);
    assertThatThrownBy(cat::retrain).as("retrain uses everything: needs scope *").isInstanceOf(ConsentRequiredException.class);
    assertThat(inner.reached).hasValue(allowed);
  }

  @Test
  void consentForOnePurposeDoesNotCoverAnother() {
    ledger.append(ConsentEvent.grant("s-1", Purpose.CATEGORIZATION, T0, "app"));
    clock.advance(Duration.ofSeconds(1));
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

    ledger.append(ConsentEvent.grant("s-1", Purpose.ANOMALY_DETECTION, clock.instant(), "app"));
    clock.advance(Duration.ofSeconds(1));
    det.fit(List.of()).score(List.of());
    assertThat(reached).hasValue(2);
  }

  @Test
  void expiredGrantIsRefused() {
    ledger.append(new ConsentEvent("s-1", Purpose.FORECASTING, "*", true, T0, T0.plusSeconds(100), "app"));
    clock.advance(Duration.ofSeconds(101));
    assertThatThrownBy(() -> guard.require("s-1", Purpose.FORECASTING)).isInstanceOf(ConsentRequiredException.class);
  }

  @Test
  void toStringNamesTheDelegateWithoutCheckingConsent() {
    CountingCategorizer inner = new CountingCategorizer();
    Categorizer cat = guard.categorizer(inner, "s-1");
    assertThat(cat.toString()).startsWith("ConsentGuard.Categorizer[");
    assertThat(cat).isEqualTo(cat).isNotEqualTo(inner);
    assertThat(inner.reached).hasValue(0);
  }
}
