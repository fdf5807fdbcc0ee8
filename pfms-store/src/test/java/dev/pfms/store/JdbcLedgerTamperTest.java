package dev.pfms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ConsentLedgerProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker with write access to the database (but not to the signing key's KEK, nor to the
 * witness beside the key) edits the ledger's rows with raw SQL: every edit is refused by
 * {@code require} of the open ledger and of a ledger opened afterwards. Run on SQLite and PostgreSQL.
 */
abstract class JdbcLedgerTamperTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant LATER = T0.plusSeconds(60);

  @TempDir
  Path dir;

  final ManualClock clock = new ManualClock(T0);

  abstract ConsentLedgerProvider provider();

  /** Database options (no key options). */
  abstract ProviderConfig.Builder database();

  /** A raw connection to the ledger's database. */
  abstract Connection raw() throws Exception;

  Path keyset() {
    return dir.resolve("keys").resolve("consent-signing.json");
  }

  ConsentLedger open() {
    return open(true);
  }

  ConsentLedger open(boolean withPassword) {
    ProviderConfig.Builder b = database().set(LedgerOptions.SIGNING_KEYSET, keyset())
        .set(LedgerOptions.KDF_ITERATIONS, 1_000).set(LedgerOptions.CLOCK, (java.time.Clock) clock);
    if (withPassword) {
      b.set(LedgerOptions.LEDGER_PASSWORD, "tamper-test-password");
    }
    ConsentLedgerProvider p = provider();
    return p.create(b.build().validate(p.name(), p.options()));
  }

  /** grant s1, revoke s1, grant s2 (entries 0, 1, 2). */
  ConsentLedger filled() {
    clock.set(T0);
    ConsentLedger l = open();
    l.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0, "app"));
    clock.set(T0.plusSeconds(5));
    l.append(ConsentEvent.revoke("s1", Purpose.CATEGORIZATION, T0.plusSeconds(5), "s1"));
    clock.set(T0.plusSeconds(10));
    l.append(ConsentEvent.grant("s2", Purpose.CATEGORIZATION, T0.plusSeconds(10), "app"));
    l.require("s2", Purpose.CATEGORIZATION, LATER);
    return l;
  }

  void sql(String... statements) throws Exception {
    try (Connection c = raw(); Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    }
  }

  String checkpointBody() throws Exception {
    try (Connection c = raw(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT body FROM consent_checkpoint WHERE id = 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The open ledger and a freshly opened one both refuse processing for a subject whose grant still stands. */
  void refusedNowAndAfterReopen(ConsentLedger open, String expected) {
    assertThatThrownBy(() -> open.require("s2", Purpose.CATEGORIZATION, LATER))
        .isInstanceOf(ConsentRequiredException.class).hasMessageContaining(expected);
    assertThat(open.verify().valid()).isFalse();
    assertThatThrownBy(() -> open.append(ConsentEvent.grant("s3", Purpose.CATEGORIZATION, T0.plusSeconds(10), "app")))
        .isInstanceOf(IllegalStateException.class);
    open.close();
    ConsentLedger again;
    try {
      again = open();
    } catch (RuntimeException refusedToOpen) {
      assertThat(refusedToOpen.getMessage()).isNotBlank();
      return;
    }
    try (ConsentLedger l = again) {
      assertThatThrownBy(() -> l.require("s2", Purpose.CATEGORIZATION, LATER))
          .isInstanceOf(ConsentRequiredException.class).hasMessageContaining("fails verification");
    }
  }

  @Test
  @DisplayName("UPDATE of a revocation into a grant, of a scope, of a time: refused, naming the entry")
  void updatedRowsAreRefused() throws Exception {
    String[] edits = {
      "UPDATE consent_entry SET scope = 'account:1' WHERE seq = 1",
      "UPDATE consent_entry SET recorded_at = '2026-01-01T00:00:06Z' WHERE seq = 1",
      "UPDATE consent_entry SET subject = 's9' WHERE seq = 1",
      "UPDATE consent_entry SET sig = (SELECT sig FROM consent_entry WHERE seq = 0) WHERE seq = 1",
    };
    for (String edit : edits) {
      try (ConsentLedger l = filled()) {
        sql(edit);
        refusedNowAndAfterReopen(l, "entry 1");
      }
      sql("DELETE FROM consent_entry", "DELETE FROM consent_checkpoint");
      Files.deleteIfExists(keyset().resolveSibling(keyset().getFileName() + ".witness"));
    }
  }

  @Test
  @DisplayName("DELETE of the last row (the checkpoint still counts it): refused")
  void deletedLastRowIsRefused() throws Exception {
    ConsentLedger l = filled();
    sql("DELETE FROM consent_entry WHERE seq = 2");
    refusedNowAndAfterReopen(l, "entry 2");
  }

  @Test
  @DisplayName("DELETE of the last row and of the checkpoint: refused (entries without a checkpoint)")
  void deletedLastRowAndCheckpointIsRefused() throws Exception {
    ConsentLedger l = filled();
    sql("DELETE FROM consent_entry WHERE seq = 2", "DELETE FROM consent_checkpoint");
    refusedNowAndAfterReopen(l, "entry 2");
  }

  @Test
  @DisplayName("rollback: DELETE of the last row with an older signed checkpoint put back: the witness beside the key refuses it")
  void rollbackToAnOlderCheckpointIsRefusedByTheWitness() throws Exception {
    ConsentLedger l = open();
    l.append(ConsentEvent.grant("s2", Purpose.CATEGORIZATION, T0, "app"));
    String old = checkpointBody();
    clock.set(T0.plusSeconds(5));
    l.append(ConsentEvent.revoke("s2", Purpose.CATEGORIZATION, T0.plusSeconds(5), "s2"));
    assertThatThrownBy(() -> l.require("s2", Purpose.CATEGORIZATION, LATER)).isInstanceOf(ConsentRequiredException.class);
    sql("DELETE FROM consent_entry WHERE seq = 1", "UPDATE consent_checkpoint SET body = '" + old + "' WHERE id = 1");
    assertThatThrownBy(() -> l.require("s2", Purpose.CATEGORIZATION, LATER))
        .isInstanceOf(ConsentRequiredException.class).hasMessageContaining("fails verification");
    l.close();
    assertThatThrownBy(() -> {
      try (ConsentLedger again = open()) {
        again.require("s2", Purpose.CATEGORIZATION, LATER);
      }
    }).isInstanceOf(ConsentRequiredException.class).hasMessageContaining("rolled back");
  }

  @Test
  @DisplayName("reorder: two rows swap places (sequence numbers exchanged): refused")
  void reorderedRowsAreRefused() throws Exception {
    ConsentLedger l = filled();
    sql("UPDATE consent_entry SET seq = 100 WHERE seq = 1", "UPDATE consent_entry SET seq = 1 WHERE seq = 2",
        "UPDATE consent_entry SET seq = 2 WHERE seq = 100");
    refusedNowAndAfterReopen(l, "entry 1");
  }

  @Test
  @DisplayName("truncate: every row and the checkpoint deleted: the open ledger and the witness refuse it")
  void truncatedLedgerIsRefused() throws Exception {
    ConsentLedger l = filled();
    sql(truncate());
    refusedNowAndAfterReopen(l, "entry 0");
  }

  @Test
  @DisplayName("a forged row appended with another key: refused")
  void forgedRowIsRefused() throws Exception {
    ConsentLedger l = filled();
    sql("INSERT INTO consent_entry SELECT 3, 's2', purpose, scope, granted, '2026-01-01T00:00:20Z', expiry, actor,"
        + " hash, hash, sig FROM consent_entry WHERE seq = 2");
    refusedNowAndAfterReopen(l, "entry 3");
  }

  String[] truncate() {
    return new String[] {"DELETE FROM consent_entry", "DELETE FROM consent_checkpoint"};
  }

  @Test
  @DisplayName("the signing key is not in the database: it is a file elsewhere, encrypted, and needs the KEK password")
  void keyIsOutsideTheDatabaseAndEncrypted() throws Exception {
    try (ConsentLedger l = filled()) {
      assertThat(l.verify().valid()).isTrue();
    }
    String keyFile = Files.readString(keyset(), StandardCharsets.UTF_8);
    assertThat(keyFile).contains("encryptedKeyset").doesNotContain("\"value\"");
    List<String> texts = new ArrayList<>();
    try (Connection c = raw(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sig, hash FROM consent_entry")) {
      while (rs.next()) {
        texts.add(rs.getString(1) + rs.getString(2));
      }
    }
    assertThat(texts).hasSize(3);
    assertThatThrownBy(() -> open(false)).hasMessageContaining("no key-encryption key");
  }

  @Test
  @DisplayName("two ledgers on one database append in turn; each verifies and adopts the other's entries")
  void twoWritersShareOneDatabase() throws Exception {
    try (ConsentLedger a = open(); ConsentLedger b = open()) {
      a.append(ConsentEvent.grant("s1", Purpose.CATEGORIZATION, T0, "app"));
      b.append(ConsentEvent.grant("s2", Purpose.CATEGORIZATION, T0, "app"));
      a.append(ConsentEvent.revoke("s2", Purpose.CATEGORIZATION, T0, "s2"));
      b.require("s1", Purpose.CATEGORIZATION, LATER);
      assertThatThrownBy(() -> b.require("s2", Purpose.CATEGORIZATION, LATER))
          .isInstanceOf(ConsentRequiredException.class).hasMessageContaining("not granted");
      assertThat(a.verify().valid()).isTrue();
      assertThat(b.verify().valid()).isTrue();
      assertThat(a.size()).isEqualTo(3);
      assertThat(b.size()).isEqualTo(3);
    }
  }
}
