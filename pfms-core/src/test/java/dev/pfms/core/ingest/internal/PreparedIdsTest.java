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
}
