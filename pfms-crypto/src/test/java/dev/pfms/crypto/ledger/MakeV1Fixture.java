package dev.pfms.crypto.ledger;

import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Wrote the committed v1 ledger fixture ({@code src/test/resources/ledger-v1/}) with the ledger code
 * of commit be15608, before the checkpoint/clock changes. Kept so the provenance is visible; it only
 * runs with {@code -Dpfms.makeV1Fixture=<dir>}.
 */
class MakeV1Fixture {

  @Test
  @EnabledIfSystemProperty(named = "pfms.makeV1Fixture", matches = ".+")
  void write() throws Exception {
    Path dir = Path.of(System.getProperty("pfms.makeV1Fixture"));
    Instant t = Instant.parse("2025-06-01T08:00:00Z");
    try (HashChainConsentLedger l = HashChainConsentLedger.open(dir.resolve("consent.jsonl"), null, null, true)) {
      l.append(ConsentEvent.grant("alice", Purpose.CATEGORIZATION, t, "app"));
      l.append(new ConsentEvent("alice", Purpose.FORECASTING, "account:1234", true, t.plusSeconds(60),
          Instant.parse("2030-01-01T00:00:00Z"), "alice"));
      l.append(ConsentEvent.grant("bob", Purpose.ANOMALY_DETECTION, t.plusSeconds(120), "support:ünïcode"));
      l.append(ConsentEvent.grant("bob", Purpose.CATEGORIZATION, t.plusSeconds(180), "app"));
      l.append(ConsentEvent.revoke("bob", Purpose.CATEGORIZATION, t.plusSeconds(3600), "bob"));
      l.append(ConsentEvent.grant("carol", Purpose.SHARING, t.plusSeconds(7200), "app"));
    }
  }
}
