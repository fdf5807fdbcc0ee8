package dev.pfms.crypto.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import dev.pfms.api.Pfms;
import dev.pfms.api.consent.ConsentChain;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.LedgerVerification;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.crypto.KeyMaterial;
import dev.pfms.crypto.kms.KeysetFiles;
import dev.pfms.crypto.kms.LocalKeysetKmsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashChainConsentLedgerTest {

  private static final Instant T0 = Instant.parse("2025-05-01T09:00:00Z");

  /** The ledgers' clock in these tests: {@link #fill} moves it to each event's time. */
  static final dev.pfms.tck.ManualClock MANUAL = new dev.pfms.tck.ManualClock(T0);
  static final dev.pfms.api.consent.ConsentClock CLOCK =
      new dev.pfms.api.consent.ConsentClock(MANUAL, dev.pfms.api.consent.ConsentClock.DEFAULT_MAX_SKEW);

  static void fill(ConsentLedger l, int n) {
    for (int i = 0; i < n; i++) {
      MANUAL.set(T0.plusSeconds(i));
      l.append(new ConsentEvent("s-" + (i % 3), Purpose.values()[i % Purpose.values().length], "scope-" + i,
          i % 4 != 3, T0.plusSeconds(i), i % 5 == 0 ? T0.plusSeconds(86_400 + i) : null, "actor-" + i));
    }
  }

  @Test
  void isDiscoveredByNameAndPreferredOverTheInMemoryLedger(@TempDir Path dir) {
    assertThat(Pfms.available(ConsentLedgerProvider.class)).contains("hash-chain", "in-memory");
    assertThat(Pfms.registry().preferred(ConsentLedgerProvider.class)).get()
        .extracting(ConsentLedgerProvider::name).isEqualTo("hash-chain");
    try (ConsentLedger l = Pfms.consentLedger("hash-chain",
        ProviderConfig.builder().set("path", dir.resolve("c.jsonl").toString()).set("fsync", "false").set("clock", MANUAL).set("insecureCleartextKey", "true").build())) {
      MANUAL.set(T0);
      l.append(ConsentEvent.grant("s", Purpose.SHARING, T0, "app"));
      assertThat(l.verify().valid()).isTrue();
    }
    assertThatThrownBy(() -> Pfms.consentLedger("hash-chain", ProviderConfig.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
  }

  @Test
  void writesOneCanonicalSignedJsonLinePerEntry(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.jsonl");
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, true, CLOCK)) {
      fill(l, 3);
    }
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(3);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    List<String> names = new ArrayList<>();
    first.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("seq", "subject", "purpose", "scope", "granted", "time", "expiry", "actor", "prev",
        "hash", "sig");
    assertThat(first.get("prev").asText()).isEqualTo(ConsentChain.GENESIS);
    assertThat(lines.get(0)).startsWith(ConsentChain.canonical(0, new ConsentEvent("s-0", Purpose.CATEGORIZATION,
        "scope-0", true, T0, T0.plusSeconds(86_400), "actor-0"), ConsentChain.GENESIS).replaceAll("}$", ","));
    assertThat(Files.exists(dir.resolve("c.jsonl.head"))).isTrue();
    assertThat(Files.exists(dir.resolve("c.jsonl.signing.json"))).isTrue();
  }

  @Test
  void anAuditorVerifiesTheFileWithThePublicKeyAlone(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.jsonl");
    String pub;
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false, CLOCK)) {
      fill(l, 10);
      pub = l.verificationKey();
    }
    assertThat(LedgerVerifier.forPublicKeyset(pub).verify(f).valid()).isTrue();
    KeysetHandle otherKey = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    LedgerVerification v = LedgerVerifier.forPublicKeyset(KeysetFiles.publicKeysetJson(otherKey)).verify(f);
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadEntry()).isZero();
    assertThat(v.problem()).contains("signature");
  }

  @Test
  void aForgerWhoRecomputesHashesButLacksTheKeyIsCaught(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.jsonl");
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false, CLOCK)) {
      fill(l, 5);
    }
    // rewrite entry 2 as a grant with a correct hash and chain, signed by the forger's own key
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    ObjectMapper m = new ObjectMapper();
    JsonNode e2 = m.readTree(lines.get(2));
    ConsentEvent forged = new ConsentEvent(e2.get("subject").asText(), Purpose.valueOf(e2.get("purpose").asText()),
        e2.get("scope").asText(), true, Instant.parse(e2.get("time").asText()), null, "forger");
    KeysetHandle forgerKey = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
    Path forgerFile = dir.resolve("forged.jsonl");
    try (HashChainConsentLedger forger = HashChainConsentLedger.open(forgerFile, writeKey(dir, forgerKey), null, false, CLOCK)) {
      // replay the same events through the forger's ledger, with the forged one in place of entry 2
      for (int i = 0; i < lines.size(); i++) {
        JsonNode n = m.readTree(lines.get(i));
        forger.append(i == 2 ? forged : new ConsentEvent(n.get("subject").asText(), Purpose.valueOf(n.get("purpose").asText()),
            n.get("scope").asText(), n.get("granted").asBoolean(), Instant.parse(n.get("time").asText()),
            n.get("expiry").isNull() ? null : Instant.parse(n.get("expiry").asText()), n.get("actor").asText()));
      }
    }
    List<String> forgedLines = Files.readAllLines(forgerFile);
    lines.set(2, forgedLines.get(2));
    Files.write(f, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false, CLOCK)) {
      LedgerVerification v = l.verify();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadEntry()).isEqualTo(2);
      assertThatThrownBy(() -> l.append(ConsentEvent.grant("x", Purpose.SHARING, T0, "app")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("refuses appends");
      assertThat(l.size()).isEqualTo(2);
    }
  }

  private static Path writeKey(Path dir, KeysetHandle h) throws Exception {
    Path p = dir.resolve("forger-key.json");
    KeysetFiles.writeCleartext(h, p);
    return p;
  }

  @Test
  void deletingTheLastEntriesIsDetectedThroughTheHead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.jsonl");
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false, CLOCK)) {
      fill(l, 6);
      // also while open: the ledger remembers what it accepted
      List<String> lines = Files.readAllLines(f);
      Files.write(f, (String.join("\n", lines.subList(0, 5)) + "\n").getBytes(StandardCharsets.UTF_8));
      LedgerVerification v = l.verify();
      assertThat(v.valid()).isFalse();
      assertThat(v.firstBadEntry()).isEqualTo(5);
      assertThat(v.problem()).contains("missing");
    }
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false, CLOCK)) {
      assertThat(l.verify().firstBadEntry()).isEqualTo(5);
    }
  }

  @Test
  void repairMovesOnlyATornTailAndRefusesToPaperOverTampering(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.jsonl");
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false, CLOCK)) {
      fill(l, 4);
      assertThat(l.repair()).startsWith("nothing to repair");
    }
    byte[] data = Files.readAllBytes(f);
    data[data.length / 2] = (byte) (data[data.length / 2] == 'a' ? 'b' : 'a');
    Files.write(f, data);
    try (HashChainConsentLedger l = HashChainConsentLedger.open(f, null, null, false, CLOCK)) {
      assertThatThrownBy(l::repair).isInstanceOf(IllegalStateException.class).hasMessageContaining("restore");
      assertThat(Files.readAllBytes(f)).isEqualTo(data);
      assertThat(Files.exists(dir.resolve("c.jsonl.torn"))).isFalse();
    }
  }

  @Test
  void refusesASecondOpenOfTheSameFile(@TempDir Path dir) throws Exception {
    try (HashChainConsentLedger l = HashChainConsentLedger.open(dir.resolve("c.jsonl"), null, null, false, CLOCK)) {
      assertThatThrownBy(() -> HashChainConsentLedger.open(dir.resolve("c.jsonl"), null, null, false, CLOCK))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("open elsewhere");
      l.append(ConsentEvent.grant("s", Purpose.SHARING, T0, "app"));
    }
  }

  @Test
  void refusesToInventANewSigningKeyForALedgerWithEntries(@TempDir Path dir) throws Exception {
    try (HashChainConsentLedger l = HashChainConsentLedger.open(dir.resolve("c.jsonl"), null, null, false, CLOCK)) {
      fill(l, 2);
    }
    Files.delete(dir.resolve("c.jsonl.signing.json"));
    assertThatThrownBy(() -> HashChainConsentLedger.open(dir.resolve("c.jsonl"), null, null, false, CLOCK))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("signing keyset");
  }

  @Test
  void signingKeysetCanBeEncryptedUnderAKek(@TempDir Path dir) throws Exception {
    String kek = LocalKeysetKmsClient.generate(dir.resolve("kek.json"));
    ProviderConfig cfg = ProviderConfig.builder().set("path", dir.resolve("c.jsonl").toString())
        .set("signingKeyset", dir.resolve("sign.json").toString()).set("kekUri", kek).set("clock", MANUAL).build();
    try (ConsentLedger l = Pfms.consentLedger("hash-chain", cfg)) {
      fill(l, 3);
    }
    String onDisk = Files.readString(dir.resolve("sign.json"));
    assertThat(onDisk).contains("encryptedKeyset");
    try (ConsentLedger l = Pfms.consentLedger("hash-chain", cfg)) {
      assertThat(l.size()).isEqualTo(3);
      assertThat(l.verify().valid()).isTrue();
    }
    // the cleartext dev default is readable, and its key never shows up in toString or receipts
    try (HashChainConsentLedger l = HashChainConsentLedger.open(dir.resolve("d.jsonl"), null, null, false, CLOCK)) {
      fill(l, 2);
      KeysetHandle priv = KeysetFiles.readCleartext(dir.resolve("d.jsonl.signing.json"));
      String receipt = l.receipt("s-0", T0.plusSeconds(10));
      for (String form : KeyMaterial.textForms(priv)) {
        assertThat(l.toString()).doesNotContain(form);
        assertThat(receipt).doesNotContain(form);
      }
    }
  }

  @Test
  void receiptCarriesSignaturesThatVerifyWithItsKey(@TempDir Path dir) throws Exception {
    try (HashChainConsentLedger l = HashChainConsentLedger.open(dir.resolve("c.jsonl"), null, null, false, CLOCK)) {
      fill(l, 9);
      JsonNode r = new ObjectMapper().readTree(l.receipt("s-1", T0.plusSeconds(100)));
      assertThat(r.get("entries")).hasSize(3);
      assertThat(r.get("verificationKey").asText()).isEqualTo(l.verificationKey());
      var verify = com.google.crypto.tink.TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(r.get("verificationKey").asText())
          .getPrimitive(dev.pfms.crypto.internal.TinkRuntime.config(), com.google.crypto.tink.PublicKeyVerify.class);
      for (JsonNode e : r.get("entries")) {
        verify.verify(java.util.Base64.getUrlDecoder().decode(e.get("signature").asText()),
            java.util.HexFormat.of().parseHex(e.get("hash").asText()));
      }
      assertThat(r.get("ledgerVerification").get("valid").asBoolean()).isTrue();
    }
  }
}
