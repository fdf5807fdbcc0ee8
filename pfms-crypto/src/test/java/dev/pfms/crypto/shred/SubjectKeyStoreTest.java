package dev.pfms.crypto.shred;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import dev.pfms.api.consent.ConsentGuard;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.crypto.CryptoException;
import dev.pfms.crypto.field.FieldEncryptor;
import dev.pfms.crypto.kms.Keks;
import dev.pfms.crypto.kms.LocalKeysetKmsClient;
import dev.pfms.crypto.ledger.HashChainConsentLedger;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectKeyStoreTest {

  private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
  private final dev.pfms.tck.ManualClock manual = new dev.pfms.tck.ManualClock(T0);
  private final dev.pfms.api.consent.ConsentClock ledgerClock =
      new dev.pfms.api.consent.ConsentClock(manual, java.time.Duration.ofMinutes(5));

  /** A stored row: PII encrypted under the subject's key, the amount kept for aggregates. */
  record Row(String subject, String recordId, String encryptedName, BigDecimal amount) {}

  @Test
  void shreddingASubjectMakesTheirDataUnreadableWhileAggregatesAndTheLedgerStayIntact(@TempDir Path dir)
      throws Exception {
    Aead kek = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek.json")));
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("deks"), kek, Clock.fixed(T0, ZoneOffset.UTC));
    HashChainConsentLedger ledger = HashChainConsentLedger.open(dir.resolve("consent.jsonl"), null, null, true, ledgerClock);
    ledger.append(ConsentEvent.grant("alice", Purpose.STORAGE, T0, "app"));
    ledger.append(ConsentEvent.grant("bob", Purpose.STORAGE, T0, "app"));

    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String subject = i % 2 == 0 ? "alice" : "bob";
      String id = "tx-" + i;
      rows.add(new Row(subject, id, keys.encryptor(subject).encrypt(id, "counterparty", subject + " payee " + i),
          new BigDecimal("-10.25").multiply(BigDecimal.valueOf(i + 1))));
    }
    BigDecimal totalBefore = rows.stream().map(Row::amount).reduce(BigDecimal.ZERO, BigDecimal::add);

    manual.set(T0.plusSeconds(60));
    ledger.append(ConsentEvent.revoke("alice", Purpose.STORAGE, T0.plusSeconds(60), "alice"));
    assertThat(keys.shred("alice")).isTrue();

    // a fresh store (a restart) sees the erasure too
    SubjectKeyStore reopened = SubjectKeyStore.open(dir.resolve("deks"), kek, Clock.systemUTC());
    for (Row r : rows) {
      if (r.subject().equals("alice")) {
        assertThatThrownBy(() -> reopened.encryptor("alice").decrypt(r.recordId(), "counterparty", r.encryptedName()))
            .isInstanceOf(SubjectShreddedException.class).hasMessageContaining("alice");
      } else {
        assertThat(reopened.encryptor("bob").decrypt(r.recordId(), "counterparty", r.encryptedName()))
            .startsWith("bob payee");
      }
    }
    assertThat(reopened.isShredded("alice")).isTrue();
    assertThat(reopened.existing("carol")).isEmpty();
    // the key file is gone, its tombstone is there, and no file name reveals a subject id
    try (Stream<Path> files = Files.list(dir.resolve("deks"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).noneMatch(n -> n.contains("alice") || n.contains("bob"));
      assertThat(names.stream().filter(n -> n.endsWith(".dek"))).hasSize(1);
      assertThat(names.stream().filter(n -> n.endsWith(".shredded"))).hasSize(1);
    }
    // aggregates and the ledger are untouched
    assertThat(rows.stream().map(Row::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(totalBefore);
    assertThat(ledger.verify().valid()).isTrue();
    assertThat(ledger.history("alice")).hasSize(2);
    assertThat(ledger.isGranted("alice", Purpose.STORAGE, T0.plusSeconds(61))).isFalse();
    assertThat(keys.shred("alice")).isFalse();
    ledger.close();
  }

  @Test
  void aKeyFileCopiedToAnotherSubjectDoesNotUnwrap(@TempDir Path dir) throws Exception {
    Aead kek = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek.json")));
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("deks"), kek, Clock.systemUTC());
    keys.encryptor("alice");
    keys.encryptor("bob");
    List<Path> deks;
    try (Stream<Path> s = Files.list(dir.resolve("deks"))) {
      deks = s.filter(p -> p.toString().endsWith(".dek")).sorted().toList();
    }
    Files.copy(deks.get(0), deks.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    SubjectKeyStore reopened = SubjectKeyStore.open(dir.resolve("deks"), kek, Clock.systemUTC());
    int failures = 0;
    for (String s : List.of("alice", "bob")) {
      try {
        reopened.encryptor(s);
      } catch (CryptoException e) {
        failures++;
        assertThat(e).hasMessageContaining("another subject");
      }
    }
    assertThat(failures).isEqualTo(1);
  }

  @Test
  void kekRotationRewrapsEveryDekWithoutTouchingData(@TempDir Path dir) throws Exception {
    Aead kek1 = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek1.json")));
    Aead kek2 = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek2.json")));
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("deks"), kek1, Clock.systemUTC());
    String t = keys.encryptor("alice").encrypt("tx", "name", "Alice");
    keys.encryptor("bob");
    SubjectKeyStore rotated = keys.rewrap(kek2);
    assertThat(rotated.encryptor("alice").decrypt("tx", "name", t)).isEqualTo("Alice");
    assertThatThrownBy(() -> SubjectKeyStore.open(dir.resolve("deks"), kek1, Clock.systemUTC()).encryptor("alice"))
        .isInstanceOf(CryptoException.class);
    FieldEncryptor again = SubjectKeyStore.open(dir.resolve("deks"), kek2, Clock.systemUTC()).encryptor("alice");
    assertThat(again.decrypt("tx", "name", t)).isEqualTo("Alice");
  }

  @Test
  void concurrentFirstUseCreatesOneKeyPerSubjectAndShreddingDoesNotDeadlock(@TempDir Path dir) throws Exception {
    Aead kek = Keks.aead(LocalKeysetKmsClient.generate(dir.resolve("kek.json")));
    SubjectKeyStore keys = SubjectKeyStore.open(dir.resolve("deks"), kek, Clock.systemUTC());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> ids = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        ids.add(pool.submit(() -> {
          if (n == 7) {
            keys.shred("zed");
          }
          return keys.encryptor("s-" + (n % 2)).keys().primaryKeyId();
        }));
      }
      java.util.Set<Integer> distinct = new java.util.HashSet<>();
      for (var f : ids) {
        distinct.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(distinct).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> s = Files.list(dir.resolve("deks"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".dek")).count()).isEqualTo(2);
    }
  }

  @Test
  void consentGuardStopsProcessingOfARevokedSubject(@TempDir Path dir) throws Exception {
    try (HashChainConsentLedger ledger = HashChainConsentLedger.open(dir.resolve("c.jsonl"), null, null, false, ledgerClock)) {
      ledger.append(ConsentEvent.grant("alice", Purpose.FORECASTING, T0, "app"));
      ConsentGuard guard = new ConsentGuard(ledger, Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));
      guard.require("alice", Purpose.FORECASTING);
      assertThatThrownBy(() -> guard.require("alice", Purpose.SHARING))
          .isInstanceOf(dev.pfms.api.ConsentRequiredException.class);
    }
  }
}
