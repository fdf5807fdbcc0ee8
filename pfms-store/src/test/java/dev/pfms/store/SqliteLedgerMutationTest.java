package dev.pfms.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.ConsentRequiredException;
import dev.pfms.api.model.ConsentEvent;
import dev.pfms.api.model.Purpose;
import dev.pfms.api.spi.ConsentLedger;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random raw-SQL mutations of a SQLite consent ledger (one byte of any column of any row, deleted,
 * swapped, duplicated or truncated rows, an edited or deleted checkpoint), each applied to a fresh
 * copy of the database and its key directory: every one is refused — the ledger does not open, or
 * {@code verify()} fails and {@code require} throws for a subject whose grant the rows still show.
 */
class SqliteLedgerMutationTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] COLUMNS = {"subject", "purpose", "scope", "granted", "recorded_at", "expiry", "actor",
    "prev", "hash", "sig"};
  private static final int MUTATIONS = 300;

  @TempDir
  Path tmp;

  private ConsentLedger open(Path dir, ManualClock clock) {
    SqliteConsentLedgerProvider p = new SqliteConsentLedgerProvider();
    ProviderConfig c = ProviderConfig.builder().set(SqliteConsentLedgerProvider.PATH, dir.resolve("pfms.db"))
        .set(LedgerOptions.SIGNING_KEYSET, dir.resolve("keys").resolve("consent-signing.json"))
        .set(LedgerOptions.LEDGER_PASSWORD, "mutation-test-password").set(LedgerOptions.KDF_ITERATIONS, 1_000)
        .set(LedgerOptions.CLOCK, (java.time.Clock) clock).set(SqliteConsentLedgerProvider.SYNCHRONOUS, "NORMAL")
        .build();
    return p.create(c.validate(p.name(), p.options()));
  }

  @Test
  @DisplayName("300 random raw-SQL mutations of a SQLite ledger: each is refused")
  void everyMutationIsRefused() throws Exception {
    Path base = tmp.resolve("base");
    ManualClock clock = new ManualClock(T0);
    try (ConsentLedger l = open(base, clock)) {
      for (int i = 0; i < 12; i++) {
        clock.set(T0.plusSeconds(i * 10L));
        String s = "s" + (i % 4);
        l.append(i % 3 == 2 ? ConsentEvent.revoke(s, Purpose.CATEGORIZATION, clock.instant(), s)
            : new ConsentEvent(s, Purpose.values()[i % 3], i % 2 == 0 ? "*" : "account:" + i, true, clock.instant(),
                i % 5 == 0 ? T0.plusSeconds(100_000) : null, "app"));
      }
      // a grant every mutation must not leave usable
      clock.set(T0.plusSeconds(200));
      l.append(ConsentEvent.grant("keeper", Purpose.FORECASTING, clock.instant(), "app"));
    }
    // control: an unmutated copy opens, verifies and grants
    Path control = tmp.resolve("control");
    copyTree(base, control);
    try (ConsentLedger l = open(control, new ManualClock(T0.plusSeconds(300)))) {
      assertThat(l.verify().valid()).isTrue();
      l.require("keeper", Purpose.FORECASTING, T0.plusSeconds(300));
    }
    int openedAndRefused = 0;
    Random r = new Random(20261202L);
    Map<String, Integer> kinds = new TreeMap<>();
    for (int m = 0; m < MUTATIONS; m++) {
      Path dir = tmp.resolve("m" + m);
      copyTree(base, dir);
      String kind;
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("pfms.db"))) {
        kind = mutate(c, r);
      }
      kinds.merge(kind.replaceAll(" .*", ""), 1, Integer::sum);
      ConsentLedger l;
      try {
        l = open(dir, new ManualClock(T0.plusSeconds(300)));
      } catch (RuntimeException refusedToOpen) {
        assertThat(refusedToOpen.getMessage()).as(kind).isNotBlank();
        continue;
      }
      try (ConsentLedger ledger = l) {
        assertThat(ledger.verify().valid()).as("mutation " + m + " (" + kind + ") must be detected").isFalse();
        boolean refused;
        try {
          ledger.require("keeper", Purpose.FORECASTING, T0.plusSeconds(300));
          refused = false;
        } catch (ConsentRequiredException e) {
          refused = true;
        }
        assertThat(refused).as("mutation " + m + " (" + kind + ") must be refused").isTrue();
        openedAndRefused++;
      }
    }
    assertThat(openedAndRefused).as("most mutations open (read-only) and are refused by require").isGreaterThan(100);
    assertThat(kinds.keySet()).contains("update", "delete", "swap", "truncate", "checkpoint", "duplicate");
  }

  /** One random mutation; returns what it did. */
  private static String mutate(Connection c, Random r) throws Exception {
    int rows;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM consent_entry")) {
      rs.next();
      rows = rs.getInt(1);
    }
    int kind = r.nextInt(10);
    try (Statement s = c.createStatement()) {
      switch (kind) {
        case 0, 1, 2, 3 -> {
          int seq = r.nextInt(rows);
          String col = COLUMNS[r.nextInt(COLUMNS.length)];
          Object old;
          try (PreparedStatement ps = c.prepareStatement("SELECT " + col + " FROM consent_entry WHERE seq = ?")) {
            ps.setInt(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              old = rs.getObject(1);
            }
          }
          Object value;
          if (col.equals("granted")) {
            value = ((Number) old).intValue() == 1 ? 0 : 1;
          } else if (old == null) {
            value = "2026-01-02T00:00:00Z";
          } else {
            char[] chars = old.toString().toCharArray();
            int at = r.nextInt(chars.length);
            char was = chars[at];
            char now;
            do {
              now = (char) (' ' + r.nextInt(95));
            } while (now == was);
            chars[at] = now;
            value = new String(chars);
          }
          try (PreparedStatement ps = c.prepareStatement("UPDATE consent_entry SET " + col + " = ? WHERE seq = ?")) {
            ps.setObject(1, value);
            ps.setInt(2, seq);
            ps.executeUpdate();
          }
          return "update " + col + " of " + seq;
        }
        case 4 -> {
          int seq = r.nextInt(rows);
          s.execute("DELETE FROM consent_entry WHERE seq = " + seq);
          if (r.nextBoolean()) {
            s.execute("DELETE FROM consent_checkpoint");
            return "delete " + seq + " and the checkpoint";
          }
          return "delete " + seq;
        }
        case 5 -> {
          int n = 1 + r.nextInt(rows);
          s.execute("DELETE FROM consent_entry WHERE seq >= " + (rows - n));
          if (r.nextBoolean()) {
            s.execute("DELETE FROM consent_checkpoint");
          }
          return "truncate " + n;
        }
        case 6 -> {
          int a = r.nextInt(rows);
          int b = (a + 1 + r.nextInt(rows - 1)) % rows;
          s.execute("UPDATE consent_entry SET seq = -1 WHERE seq = " + a);
          s.execute("UPDATE consent_entry SET seq = " + a + " WHERE seq = " + b);
          s.execute("UPDATE consent_entry SET seq = " + b + " WHERE seq = -1");
          return "swap " + a + " " + b;
        }
        case 7 -> {
          int seq = r.nextInt(rows);
          s.execute("INSERT INTO consent_entry SELECT " + rows + ", subject, purpose, scope, granted, recorded_at,"
              + " expiry, actor, prev, hash, sig FROM consent_entry WHERE seq = " + seq);
          return "duplicate " + seq;
        }
        default -> {
          String body;
          try (ResultSet rs = s.executeQuery("SELECT body FROM consent_checkpoint")) {
            rs.next();
            body = rs.getString(1);
          }
          if (r.nextInt(3) == 0) {
            s.execute("DELETE FROM consent_checkpoint");
            s.execute("DELETE FROM consent_entry WHERE seq = " + (rows - 1));
            return "checkpoint deleted with the last entry";
          }
          char[] chars = body.toCharArray();
          int at = r.nextInt(chars.length - 1);
          chars[at] = chars[at] == '1' ? '2' : '1';
          try (PreparedStatement ps = c.prepareStatement("UPDATE consent_checkpoint SET body = ?")) {
            ps.setString(1, new String(chars));
            ps.executeUpdate();
          }
          return "checkpoint edited at " + at;
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    List<Path> all;
    try (Stream<Path> s = Files.walk(from)) {
      all = new ArrayList<>(s.toList());
    }
    for (Path p : all) {
      Path t = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(t);
      } else {
        Files.copy(p, t);
      }
    }
  }
}
