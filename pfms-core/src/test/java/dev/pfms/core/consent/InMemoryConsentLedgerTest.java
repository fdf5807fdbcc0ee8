package dev.pfms.core.consent;

import dev.pfms.api.consent.ConsentClock;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.consent.ConsentState;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.api.consent.ConsentReceipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.ConsentEntry;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.ConsentLedgerContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory ledger passes the ConsentLedger TCK, plus its own checks. */
class InMemoryConsentLedgerTest extends ConsentLedgerContract {

  @Override
  protected ConsentLedgerProvider provider() {
    return new InMemoryConsentLedgerProvider();
  }

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final dev.pfms.tck.ManualClock manual = new dev.pfms.tck.ManualClock(T0);

  private InMemoryConsentLedger ledgerAt() {
    return new InMemoryConsentLedger(new ConsentClock(manual, java.time.Duration.ofMinutes(5)));
  }

  @Test
  void isDiscoverableByNameAndChainsEntries() {
    assertThat(Pfms.available(ConsentLedgerProvider.class)).contains("in-memory");
    try (ConsentLedger ledger = Pfms.consentLedger("in-memory", ProviderConfig.builder().set("clock", manual).build())) {
      ConsentEntry a = ledger.append(ConsentEvent.grant("s-1", Purpose.CATEGORIZATION, T0, "app"));
      ConsentEntry b = ledger.append(ConsentEvent.grant("s-2", Purpose.CATEGORIZATION, T0, "app"));
      assertThat(a.previousHash()).isEqualTo(ConsentChain.GENESIS);
      assertThat(b.previousHash()).isEqualTo(a.hash());
      assertThat(b.sequence()).isEqualTo(1);
      assertThat(ledger.verify().valid()).isTrue();
      assertThat(ledger.size()).isEqualTo(2);
    }
  }

  @Test
  void rejectsAnEventFurtherThanTheSkewFromTheLedgerClock() {
    InMemoryConsentLedger ledger = ledgerAt();
    ledger.append(ConsentEvent.grant("s-1", Purpose.CATEGORIZATION, T0, "app"));
    assertThatThrownBy(() -> ledger.append(ConsentEvent.revoke("s-1", Purpose.CATEGORIZATION, T0.minusSeconds(301), "app")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("away from the ledger's clock");
    assertThat(ledger.size()).isEqualTo(1);
  }

  @Test
  void decidesByTheLatestEventAtOrBeforeTheInstant() {
    InMemoryConsentLedger ledger = ledgerAt();
    ledger.append(ConsentEvent.grant("s-1", Purpose.SHARING, T0, "app"));
    manual.set(T0.plusSeconds(100));
    ledger.append(ConsentEvent.revoke("s-1", Purpose.SHARING, T0.plusSeconds(100), "s-1"));
    assertThat(ledger.isGranted("s-1", Purpose.SHARING, T0.minusSeconds(1))).isFalse();
    assertThat(ledger.isGranted("s-1", Purpose.SHARING, T0)).isTrue();
    assertThat(ledger.isGranted("s-1", Purpose.SHARING, T0.plusSeconds(99))).isTrue();
    assertThat(ledger.isGranted("s-1", Purpose.SHARING, T0.plusSeconds(100))).isFalse();
    assertThat(ledger.isGranted("s-2", Purpose.SHARING, T0.plusSeconds(1))).isFalse();
  }

  @Test
  void receiptListsTheSubjectsHistoryOnlyWithStatusAndHashes() throws Exception {
    InMemoryConsentLedger ledger = ledgerAt();
    ledger.append(ConsentEvent.grant("s-1", Purpose.SHARING, T0, "app"));
    ledger.append(ConsentEvent.grant("s-2", Purpose.SHARING, T0, "app"));
    manual.set(T0.plusSeconds(5));
    ledger.append(ConsentEvent.revoke("s-1", Purpose.SHARING, T0.plusSeconds(5), "s-1"));
    ledger.append(ConsentEvent.grant("s-1", Purpose.FORECASTING, T0, "app"));

    JsonNode r = new ObjectMapper().readTree(ConsentReceipts.receipt(ledger, "s-1", T0.plusSeconds(10)));
    assertThat(r.get("subject").asText()).isEqualTo("s-1");
    assertThat(r.get("entries")).hasSize(3);
    assertThat(r.get("entries").get(1).get("action").asText()).isEqualTo("revoked");
    assertThat(r.get("entries").get(1).get("sequence").asLong()).isEqualTo(2);
    assertThat(r.get("statusAtIssue").get("SHARING").asText()).isEqualTo("not granted");
    assertThat(r.get("statusAtIssue").get("FORECASTING").asText()).isEqualTo("granted");
    assertThat(r.get("ledgerVerification").get("valid").asBoolean()).isTrue();
    assertThat(r.toString()).doesNotContain("s-2");
    assertThat(r.get("entries").get(0).get("hash").asText())
        .isEqualTo(ledger.history("s-1").get(0).hash());
  }

  @Test
  void refusesUseAfterClose() {
    InMemoryConsentLedger ledger = new InMemoryConsentLedger();
    ledger.close();
    ledger.close();
    assertThatThrownBy(ledger::size).isInstanceOf(IllegalStateException.class);
  }
}
