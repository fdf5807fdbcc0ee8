package dev.pfms.crypto.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed v1 ledger ({@code ledger-v1/}, written by the ledger of commit be15608 with a
 * cleartext development key, see {@link MakeV1Fixture}) must verify with every later version, and a
 * tampered copy must never be accepted.
 */
class V1LedgerFixtureTest {

  static final String[] FILES = {"consent.jsonl", "consent.jsonl.head", "consent.jsonl.signing.json"};

  static Path copyFixture(Path dir) throws IOException {
    for (String f : FILES) {
      try (InputStream in = V1LedgerFixtureTest.class.getResourceAsStream("/ledger-v1/" + f)) {
        Files.copy(in, dir.resolve(f));
      }
    }
    return dir.resolve("consent.jsonl");
  }

  @Test
  @DisplayName("the v1 ledger opens, verifies and answers as it did")
  void v1LedgerVerifies(@TempDir Path dir) throws IOException {
    Path f = copyFixture(dir);
    LedgerVerifier.Audit audit = LedgerVerifier.forPublicKeyset(dev.pfms.crypto.kms.KeysetFiles.publicKeysetJson(
        dev.pfms.crypto.kms.KeysetFiles.readCleartext(dir.resolve("consent.jsonl.signing.json")))).audit(f, null);
    assertThat(audit.verification()).isEqualTo(LedgerVerification.ok(6));
    assertThat(audit.legacy()).as("flagged: no checkpoint").isTrue();
    // not adopted: refused (a deleted checkpoint looks the same)
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false)) {
      assertThat(l.verify().valid()).isFalse();
      assertThat(l.verify().problem()).contains("no signed checkpoint");
      assertThatThrownBy(() -> l.require("alice", Purpose.CATEGORIZATION, Instant.parse("2025-06-02T00:00:00Z")))
          .isInstanceOf(ConsentRequiredException.class);
    }
    try (HashChainConsentLedger l = HashChainConsentLedger.builder(f).insecureCleartextKey(true).adoptLegacy(true)
        .open()) {
      assertThat(l.verify()).isEqualTo(LedgerVerification.ok(6));
      assertThat(l.checkpoint()).get().extracting(Checkpoint::size).isEqualTo(6L);
      Instant later = Instant.parse("2025-06-02T00:00:00Z");
      assertThat(l.isGranted("alice", Purpose.CATEGORIZATION, later)).isTrue();
      assertThat(l.isGranted("bob", Purpose.CATEGORIZATION, later)).isFalse();
      assertThat(l.isGranted("bob", Purpose.ANOMALY_DETECTION, later)).isTrue();
      assertThat(l.history("alice")).hasSize(2);
    }
  }

  @Test
  @DisplayName("a one-byte edit of the v1 ledger is reported and refused")
  void tamperedV1LedgerIsRefused(@TempDir Path dir) throws IOException {
    Path f = copyFixture(dir);
    String text = Files.readString(f, StandardCharsets.UTF_8);
    // bob's revocation (entry 4) becomes a grant
    String tampered = text.replace("\"subject\":\"bob\",\"purpose\":\"CATEGORIZATION\",\"scope\":\"*\",\"granted\":false",
        "\"subject\":\"bob\",\"purpose\":\"CATEGORIZATION\",\"scope\":\"*\",\"granted\":true");
    assertThat(tampered).isNotEqualTo(text);
    Files.writeString(f, tampered, StandardCharsets.UTF_8);
    try (HashChainConsentLedger l = HashChainConsentLedger.builder(f).insecureCleartextKey(true).adoptLegacy(true)
        .open()) {
      LedgerVerification v = l.verify();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadEntry()).isEqualTo(4);
      assertThatThrownBy(() -> l.require("alice", Purpose.CATEGORIZATION, Instant.parse("2025-06-02T00:00:00Z")))
          .isInstanceOf(ConsentRequiredException.class).hasMessageContaining("entry 4");
    }
  }
}
