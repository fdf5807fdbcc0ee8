package dev.pfms.core.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.model.TransactionIds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids computed where a row is prepared (issue 18, ADR 0021) are the stable ids: the id of a first
 * occurrence is taken as prepared, a repeated content key gets its occurrence's id, and a row
 * prepared for another source name still gets this source's provenance.
 */
class PreparedIdsTest {

  @Test
  void preparedIdsAreTransactionIdsWithOccurrences() {
    ReportCollector c = new ReportCollector("a.csv", "csv", false);
    TransactionIds.Occurrences occ = new TransactionIds.Occurrences();
    List<Transaction> got = new ArrayList<>();
    String[] descs = {"TESCO STORES 3245", "tesco   stores 3245", "COSTA", "TESCO STORES 3245", "Café ü"};
    for (int i = 0; i < 40; i++) {
      String d = descs[i % descs.length];
      LocalDate day = LocalDate.of(2024, 1, 1 + i % 3);
      Money m = Money.of(i % 2 == 0 ? "-4.20" : "-4.2", "GBP");
      String source = i == 7 ? "other.csv" : "a.csv";
      ReportCollector.Pending p = ReportCollector.prepareWithId(source, i + 2, "current", day, null, m, d, null, null,
          null, null, null, null);
      Transaction t = c.accept(p);
      got.add(t);
      int n = occ.next("current", day, m, d);
      assertThat(t.id()).isEqualTo(TransactionIds.of("current", day, m, d, n));
      assertThat(t.provenance().source()).isEqualTo("a.csv");
      assertThat(t.provenance().line()).isEqualTo(i + 2);
    }
    assertThat(got.stream().map(Transaction::id).distinct().count()).isEqualTo(40);
  }

  @Test
  void amountsAreWrittenAsStripTrailingZerosToPlainString() {
    java.util.Random r = new java.util.Random(3);
    List<java.math.BigDecimal> values = new ArrayList<>(List.of(new java.math.BigDecimal("0.00"),
        new java.math.BigDecimal("-0.000"), new java.math.BigDecimal("100"), new java.math.BigDecimal("100.00"),
        new java.math.BigDecimal("-4.20"), new java.math.BigDecimal("0.05"), new java.math.BigDecimal("-0.50"),
        new java.math.BigDecimal("999999999999999999"), new java.math.BigDecimal("-99999999999999999.9"),
        new java.math.BigDecimal("1234567890123456789.12"), new java.math.BigDecimal("1E+3"),
        new java.math.BigDecimal("0.000000000000000001"), new java.math.BigDecimal("1.0000000000000000000")));
    for (int i = 0; i < 20_000; i++) {
      long u = r.nextInt(3) == 0 ? r.nextLong() % 1_000_000_000_000_000_000L : r.nextInt(2_000_000) - 1_000_000;
      values.add(java.math.BigDecimal.valueOf(u, r.nextInt(8) - 1));
    }
    for (java.math.BigDecimal v : values) {
      StringBuilder sb = new StringBuilder("k");
      ReportCollector.appendStrippedPlain(sb, v);
      assertThat(sb.toString()).as(v.toString()).isEqualTo("k" + v.stripTrailingZeros().toPlainString());
    }
  }

  /** Rows with many repeated content keys: few descriptions, days and amounts. */
  private static ReportCollector.Pending row(java.util.Random r, int i, boolean withId) {
    String[] descs = {"TESCO STORES 3245", "tesco   stores 3245", "COSTA", "Café ü", "SHELL 0017"};
    String d = descs[r.nextInt(descs.length)];
    LocalDate day = LocalDate.of(2024, 1, 1 + r.nextInt(3));
    Money m = Money.of(r.nextBoolean() ? "-4.20" : "-1.5", "GBP");
    return withId ? ReportCollector.prepareWithId("a.csv", i + 2, "current", day, null, m, d, null, null, null, null,
        null, null) : ReportCollector.prepare(i + 2, "current", day, null, m, d, null, null, null, null, null, null);
  }

  @Test
  void rowsPreparedWithAndWithoutTheirIdCountOneKeyAlike() {
    // the occurrence counter's fingerprint is the same function of the key on both paths (ADR 0023)
    java.util.Random r = new java.util.Random(5);
    ReportCollector c = new ReportCollector("a.csv", "csv", false);
    TransactionIds.Occurrences occ = new TransactionIds.Occurrences();
    for (int i = 0; i < 3_000; i++) {
      ReportCollector.Pending p = row(r, i, r.nextBoolean());
      Transaction t = c.accept(p);
      int n = occ.next(t.account(), t.bookingDate(), t.amount(), t.description());
      assertThat(t.id()).isEqualTo(TransactionIds.of(t.account(), t.bookingDate(), t.amount(), t.description(), n));
    }
  }

  @Test
  void compactedPartsGiveTheReportOfRowByRowAccepts() {
    java.util.Random r = new java.util.Random(9);
    List<ReportCollector.Pending> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      rows.add(row(r, i, true));
    }
    ReportCollector one = new ReportCollector("a.csv", "csv", false);
    ReportCollector bulk = new ReportCollector("a.csv", "csv", false);
    assertThat(bulk.collecting()).isTrue();
    int at = 0;
    while (at < rows.size()) {
      int len = Math.min(rows.size() - at, 1 + r.nextInt(700));
      ReportCollector.Compacted part = new ReportCollector.Compacted(16);
      for (int k = at; k < at + len; k++) {
        one.accept(rows.get(k));
        part.add(rows.get(k));
      }
      part.seal();
      int mid = r.nextInt(len + 1);
      bulk.accept(part, 0, mid);
      bulk.accept(part, mid, len);
      at += len;
    }
    assertThat(bulk.accepted()).isEqualTo(one.accepted()).isEqualTo(rows.size());
    List<Transaction> expected = one.report(java.util.Map.of()).transactions();
    List<Transaction> got = bulk.report(java.util.Map.of()).transactions();
    assertThat(got).isEqualTo(expected);
    assertThat(got.stream().map(Transaction::id).distinct().count()).isEqualTo(rows.size());
    ReportCollector streaming = new ReportCollector("a.csv", "csv", false, dev.pfms.api.spi.IngestSink.collecting());
    assertThat(streaming.collecting()).isFalse();
  }
}
