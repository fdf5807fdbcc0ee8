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
 * {@code isGranted}; scopes are enforced; {@code require} throws {@link ConsentRequiredException}
 * and fails closed when the stored ledger is tampered with; entries are chained and verify; the
 * ledger records its own (monotonic) time and refuses back- or future-dated events; concurrent
 * appends are all kept; and, for durable ledgers, everything survives a reopen.
 *
 * <p>A provider must accept the option {@code clock} (a {@link java.time.Clock}, given
 * programmatically): the contract drives the ledger's clock with a {@link ManualClock}.
 */
public abstract class ConsentLedgerContract {

  /** The instant the contract's clock starts at. */
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path tempDir;

  /** The ledger's clock, set by the tests. */
  protected final ManualClock clock = new ManualClock(T0);

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

  /**
   * Tampers with the stored ledger under {@code dir} the way an attacker with write access to it
   * would: turns the revocation appended second (entry 1) into a grant, keeping everything else.
   *
   * @param dir the directory given to {@link #config(Path)}
   * @return false when the ledger has no storage outside the process (then the test is skipped)
   * @throws Exception when the storage cannot be changed
   */
  protected boolean tamperWithRevocation(Path dir) throws Exception {
    return false;
  }

  private ConsentLedger open() {
    ConsentLedgerProvider p = provider();
    return p.create(config(tempDir).with("clock", clock).validate(p.name(), p.options()));
  }

  private static ConsentEvent grant(String s, Purpose p, String scope, Instant t) {
    return new ConsentEvent(s, p, scope, true, t, null, "app");
  }

  private static ConsentEvent revoke(String s, Purpose p, String scope, Instant t) {
    return new ConsentEvent(s, p, scope, false, t, null, "app");
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
      clock.set(T0.plusSeconds(100));
      l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0.plusSeconds(100), "s1"));
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.plusSeconds(50))).isTrue();
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, T0.plusSeconds(150))).isFalse();
      clock.set(T0.plusSeconds(200));
      l.append(new ConsentEvent("s1", Purpose.FORECASTING, "*", true, T0.plusSeconds(200), T0.plusSeconds(260), "app"));
      assertThat(l.isGranted("s1", Purpose.FORECASTING, T0.plusSeconds(230))).isTrue();
      assertThat(l.isGranted("s1", Purpose.FORECASTING, T0.plusSeconds(261))).isFalse();
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
  @DisplayName("a grant for one account covers that account only; revoking another account revokes only it")
  void scopeIsEnforced() {
    try (ConsentLedger l = open()) {
      l.append(grant("s1", Purpose.CATEGORIZATION, "account:1234", T0));
      Instant t = T0.plusSeconds(1);
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, "account:1234", t)).isTrue();
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, "account:5678", t)).isFalse();
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, "*", t)).isFalse();
      assertThat(l.isGranted("s1", Purpose.CATEGORIZATION, t)).isFalse();
      assertThatThrownBy(() -> l.require("s1", Purpose.CATEGORIZATION, "account:5678", t))
          .isInstanceOf(ConsentRequiredException.class);
      l.require("s1", Purpose.CATEGORIZATION, "account:1234", t);

      clock.set(T0.plusSeconds(10));
      l.append(grant("s2", Purpose.FORECASTING, "*", T0.plusSeconds(10)));
      clock.set(T0.plusSeconds(20));
      l.append(revoke("s2", Purpose.FORECASTING, "account:9999", T0.plusSeconds(20)));
      Instant u = T0.plusSeconds(30);
      assertThat(l.isGranted("s2", Purpose.FORECASTING, "account:1234", u)).isTrue();
      assertThat(l.isGranted("s2", Purpose.FORECASTING, "account:9999", u)).isFalse();
      assertThat(l.isGranted("s2", Purpose.FORECASTING, "*", u)).as("everything includes 9999").isFalse();
      assertThat(l.isGranted("s2", Purpose.FORECASTING, "account:9999", T0.plusSeconds(15))).isTrue();

      clock.set(T0.plusSeconds(40));
      l.append(grant("s2", Purpose.FORECASTING, "account:9999", T0.plusSeconds(40)));
      assertThat(l.isGranted("s2", Purpose.FORECASTING, "*", T0.plusSeconds(41))).isTrue();
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
  @DisplayName("the ledger records its own time, strictly increasing, and refuses back- or future-dated events")
  void ledgerStampsItsOwnTime() {
    try (ConsentLedger l = open()) {
      assertThatThrownBy(() -> l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION,
          Instant.parse("2001-01-01T00:00:00Z"), "app"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION,
          T0.plus(java.time.Duration.ofDays(365)), "app"))).isInstanceOf(IllegalArgumentException.class);
      assertThat(l.size()).isZero();
      ConsentEntry a = l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0.plusSeconds(10), "app"));
      assertThat(a.event().time()).as("the ledger's clock, not the caller's").isEqualTo(T0);
      ConsentEntry b = l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0.minusSeconds(10), "app"));
      assertThat(b.event().time()).isAfter(a.event().time());
      clock.set(T0.minusSeconds(60));
      ConsentEntry c = l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0.minusSeconds(60), "app"));
      assertThat(c.event().time()).as("a clock stepping back does not move the ledger back").isAfter(b.event().time());
      assertThat(l.size()).isEqualTo(3);
      assertThat(l.verify().valid()).isTrue();
    }
  }

  @Test
  @DisplayName("a tampered ledger fails closed: require refuses, naming the first bad entry, even where the rest grants")
  void tamperedLedgerFailsClosed() throws Exception {
    try (ConsentLedger l = open()) {
      l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0, "app"));
      clock.set(T0.plusSeconds(5));
      l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0.plusSeconds(5), "s1"));
      l.append(ConsentEvent.grant("s2", Purpose.CATEGORIZATION, T0.plusSeconds(5), "app"));
      org.junit.jupiter.api.Assumptions.assumeTrue(tamperWithRevocation(tempDir),
          "this ledger keeps nothing outside the process to tamper with");
      assertThat(l.verify().valid()).isFalse();
      assertThat(l.verify().firstBadEntry()).isEqualTo(1);
      assertThatThrownBy(() -> l.require("s2", Purpose.CATEGORIZATION, T0.plusSeconds(6)))
          .isInstanceOf(ConsentRequiredException.class).hasMessageContaining("entry 1");
      assertThatThrownBy(() -> l.require("s1", Purpose.CATEGORIZATION, T0.plusSeconds(6)))
          .isInstanceOf(ConsentRequiredException.class);
    }
    if (durable()) {
      ConsentLedger reopened;
      try {
        reopened = open();
      } catch (RuntimeException refusedToOpen) {
        assertThat(refusedToOpen.getMessage()).isNotBlank();
        return;
      }
      try (ConsentLedger l = reopened) {
        assertThatThrownBy(() -> l.require("s2", Purpose.CATEGORIZATION, T0.plusSeconds(6)))
            .isInstanceOf(ConsentRequiredException.class).hasMessageContaining("entry 1");
      }
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
      clock.set(T0.plusSeconds(5));
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
