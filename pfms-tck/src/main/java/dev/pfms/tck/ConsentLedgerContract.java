package dev.pfms.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ConsentLedgerProvider} must pass: grants, revocations and expiry decide
 * {@code isGranted}; {@code require} throws {@link ConsentRequiredException}; entries are chained and
 * verify; time may not run backwards per subject and purpose; concurrent appends are all kept; and,
 * for durable ledgers, everything survives a reopen.
 */
public abstract class ConsentLedgerContract {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path tempDir;

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract ConsentLedgerProvider provider();

  /**
   * Options for a ledger stored under {@code dir}.
   *
   * @param dir a fresh temporary directory for this test
   * @return the options
   */
  protected ProviderConfig config(Path dir) {
    return ProviderConfig.empty();
  }

  /**
   * Whether a ledger opened again with the same options holds what was appended before.
   *
   * @return true for durable ledgers
   */
  protected boolean durable() {
    return false;
  }

  private ConsentLedger open() {
    ConsentLedgerProvider p = provider();
    return p.create(config(tempDir).validate(p.name(), p.options()));
  }

  @Test
  @DisplayName("a grant is in force from its time on, and not before")
  void grantTakesEffectAtItsTime() {
    try (ConsentLedger l = open()) {
      l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0, "app"));
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.plusSeconds(1))).isTrue();
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.minusSeconds(1))).isFalse();
      assertThat(l.isGranted("s1", Purpose.FORECASTING, T0.plusSeconds(1))).isFalse();
      assertThat(l.isGranted("s2", Purpose.CATEGORIZATION, T0.plusSeconds(1))).isFalse();
    }
  }

  @Test
  @DisplayName("a revocation ends consent; an expiry ends it too")
  void revocationAndExpiry() {
    try (ConsentLedger l = open()) {
      l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0, "app"));
      l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0.plusSeconds(100), "s1"));
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.plusSeconds(50))).isTrue();
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.plusSeconds(150))).isFalse();
      l.append(new ConsentEvent("s1", Purpose.FORECASTING, "*", true, T0, T0.plusSeconds(60), "app"));
      assertThat(l.isGranted("s1", Purpose.FORECASTING, T0.plusSeconds(30))).isTrue();
      assertThat(l.isGranted("s1", Purpose.FORECASTING, T0.plusSeconds(61))).isFalse();
    }
  }

  @Test
  @DisplayName("require throws ConsentRequiredException naming subject and purpose")
  void requireThrows() {
    try (ConsentLedger l = open()) {
      assertThatThrownBy(() -> l.require("s9", Purpose.SHARING, T0))
          .isInstanceOf(ConsentRequiredException.class)
          .satisfies(e -> {
            ConsentRequiredException c = (ConsentRequiredException) e;
            assertThat(c.subject()).isEqualTo("s9");
            assertThat(c.purpose()).isEqualTo(Purpose.SHARING);
          });
      l.append(ConsentEvent.grant("s9", Purpose.SHARING, T0, "app"));
      l.require("s9", Purpose.SHARING, T0.plusSeconds(1));
    }
  }

  @Test
  @DisplayName("entries are numbered and chained; history is per subject, oldest first; verify passes")
  void entriesAreChained() {
    try (ConsentLedger l = open()) {
      ConsentEntry a = l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0, "app"));
      ConsentEntry b = l.append(ConsentEvent.grant("s2", Purpose.CATEGORIZATION, T0.plusSeconds(1), "app"));
      ConsentEntry c = l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0.plusSeconds(2), "s1"));
      assertThat(List.of(a.sequence(), b.sequence(), c.sequence())).containsExactly(0L, 1L, 2L);
      assertThat(b.previousHash()).isEqualTo(a.hash());
      assertThat(c.previousHash()).isEqualTo(b.hash());
      assertThat(List.of(a.hash(), b.hash(), c.hash())).doesNotHaveDuplicates();
      assertThat(l.history("s1")).extracting(ConsentEntry::sequence).containsExactly(0L, 2L);
      assertThat(l.size()).isEqualTo(3);
      assertThat(l.verify().valid()).isTrue();
      assertThat(l.verify().entriesChecked()).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("an event older than the latest for its subject and purpose is rejected")
  void timeDoesNotRunBackwards() {
    try (ConsentLedger l = open()) {
      l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0.plusSeconds(10), "app"));
      assertThatThrownBy(() -> l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0, "app")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(l.size()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("concurrent appends are all kept and the chain verifies")
  void concurrentAppends() throws Exception {
    try (ConsentLedger l = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          int thread = k;
          fs.add(pool.submit(() -> {
            for (int i = 0; i < 25; i++) {
              l.append(ConsentEvent.grant("t" + thread + "-" + i, Purpose.FORECASTING, T0, "app"));
            }
          }));
        }
        for (Future<?> f : fs) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(l.size()).isEqualTo(100);
      assertThat(l.verify().valid()).isTrue();
    }
  }

  @Test
  @DisplayName("close is idempotent")
  void closeIsIdempotent() {
    ConsentLedger l = open();
    l.close();
    l.close();
  }

  @Test
  @DisplayName("a durable ledger holds its entries after reopening")
  void durableLedgerSurvivesReopen() {
    org.junit.jupiter.api.Assumptions.assumeTrue(durable(), "not a durable ledger");
    try (ConsentLedger l = open()) {
      l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0, "app"));
      l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0.plusSeconds(5), "s1"));
    }
    try (ConsentLedger l = open()) {
      assertThat(l.size()).isEqualTo(2);
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.plusSeconds(1))).isTrue();
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.plusSeconds(6))).isFalse();
      assertThat(l.verify().valid()).isTrue();
    }
  }
}
