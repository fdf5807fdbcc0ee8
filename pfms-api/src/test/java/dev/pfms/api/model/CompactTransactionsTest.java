package dev.pfms.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.pipeline.AnalysisResult;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactTransactionsTest {

  private static final Currency GBP = Currency.getInstance("GBP");

  private static Transaction plain(String description, String amount, LocalDate d) {
    return Transaction.builder().account("acc-1").bookingDate(d).amount(new Money(new BigDecimal(amount), GBP))
        .description(description).provenance(new Provenance("statement.csv", 7)).build();
  }

  /** Rows with every optional component, odd scales, amounts beyond a long, odd ids and texts. */
  static List<Transaction> awkward() {
    List<Transaction> out = new ArrayList<>();
    LocalDate d = LocalDate.of(2024, 2, 29);
    out.add(plain("TESCO STORES 3153", "-12.5", d));
    out.add(plain("", "0", d));
    out.add(plain("CAFÉ ΔΣ 東京 😀", "-3.40", d));
    out.add(plain("bad \ud800 surrogate", "-1.00", d));
    out.add(plain("FUEL 1.2345 PER LITRE", "-1.2345", d));
    out.add(plain("HUGE", "-123456789012345678901234567890.12", d));
    out.add(plain("JUST BELOW LONG", "92233720368547758.07", d));
    out.add(plain("MIN LONG", "-92233720368547758.08", d));
    out.add(plain("TINY", "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "000000000000000000000000000000000000000000000001", d));
    out.add(Transaction.builder().account("acc-2").bookingDate(LocalDate.of(1970, 1, 1))
        .valueDate(LocalDate.of(1969, 12, 31)).amount(Money.of("1000", "JPY")).description("YEN")
        .counterparty("Mr  Smith").counterpartyAccount("****1234").memo("rent  march").reference("REF-1")
        .balance(Money.of("-5000", "JPY")).category(new Category("RENT_AND_UTILITIES_RENT", "RENT_AND_UTILITIES"))
        .provenance(new Provenance("other.ofx", 0)).build());
    out.add(Transaction.builder().account("acc-1").bookingDate(LocalDate.of(9999, 12, 31))
        .amount(Money.of("1.234", "BHD")).balance(new Money(new BigDecimal("1E+40"), Currency.getInstance("BHD")))
        .description("BAHRAIN").provenance(new Provenance("x", Long.MAX_VALUE)).build());
    out.add(plain("ODD ID", "-1.00", d).toBuilder().id("user-chosen id").build());
    out.add(plain("UPPER HEX ID", "-1.00", d).toBuilder().id("0123456789ABCDEF0123456789ABCDEF").build());
    out.add(plain("SHORT HEX ID", "-1.00", d).toBuilder().id("0123456789abcdef").build());
    out.add(plain("TESCO STORES 3153", "-12.50", d));
    return out;
  }

  @Test
  void everyRowComesBackEqualWithTheSameHashIdAndExactMoney() {
    List<Transaction> rows = awkward();
    CompactTransactions c = CompactTransactions.of(rows);
    assertThat(c).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Transaction a = rows.get(i);
      Transaction b = c.get(i);
      assertThat(b).isEqualTo(a);
      assertThat(b.hashCode()).isEqualTo(a.hashCode());
      assertThat(b.id()).isEqualTo(a.id());
      // exact: the same unscaled value and scale, not only the same value
      assertThat(b.amount().amount().unscaledValue()).isEqualTo(a.amount().amount().unscaledValue());
      assertThat(b.amount().amount().scale()).isEqualTo(a.amount().amount().scale());
      assertThat(b.amount().amount().toPlainString()).isEqualTo(a.amount().amount().toPlainString());
      assertThat(b.description()).isEqualTo(a.description());
      assertThat(b.provenance()).isEqualTo(a.provenance());
    }
    assertThat(c).isEqualTo(rows);
    assertThat(c.hashCode()).isEqualTo(rows.hashCode());
  }

  @Test
  void idsAreStableAcrossCompactionAndTheContentHash() {
    Random r = new Random(3);
    List<Transaction> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(plain("SHOP " + r.nextInt(50), "-" + r.nextInt(10_000) + "." + r.nextInt(10) + r.nextInt(10),
          LocalDate.of(2024, 1, 1).plusDays(r.nextInt(366))));
    }
    CompactTransactions c = CompactTransactions.of(rows);
    for (int i = 0; i < rows.size(); i++) {
      Transaction t = c.get(i);
      assertThat(t.id()).isEqualTo(rows.get(i).id())
          .isEqualTo(TransactionIds.of(t.account(), t.bookingDate(), t.amount(), t.description(), 0));
    }
    // a list of compact rows compacts to an equal list
    assertThat(CompactTransactions.of(c)).isEqualTo(rows);
  }

  @Test
  void withCategoriesChangesOnlyTheCategory() {
    List<Transaction> rows = awkward();
    CompactTransactions c = CompactTransactions.of(rows);
    List<Category> cats = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      cats.add(i % 3 == 0 ? null : new Category("CODE_" + i % 2, "CODE_" + i % 2));
    }
    CompactTransactions k = c.withCategories(cats);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(k.get(i)).isEqualTo(rows.get(i).withCategory(cats.get(i)));
      assertThat(k.category(i)).isEqualTo(cats.get(i));
      assertThat(c.get(i)).isEqualTo(rows.get(i));
    }
    assertThatThrownBy(() -> c.withCategories(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resultRecordsKeepACompactListInsteadOfMaterializingIt() {
    CompactTransactions c = CompactTransactions.of(awkward());
    assertThat(CompactTransactions.immutableCopy(c)).isSameAs(c);
    IngestReport report = new IngestReport("s", "csv", c, List.of(), 0, Map.of());
    assertThat(report.transactions()).isSameAs(c);
    List<Prediction> p = new ArrayList<>();
    List<AnomalyScore> a = new ArrayList<>();
    for (Transaction t : c) {
      p.add(new Prediction(Category.UNCATEGORIZED, 0, List.of(), List.of(), true, "m"));
      a.add(new AnomalyScore(t.id(), 0, false, List.of()));
    }
    assertThat(new AnalysisResult(c, p, a, Map.of()).transactions()).isSameAs(c);
    assertThatThrownBy(() -> c.add(c.get(0))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRowCostsFarLessThanItsObjects() {
    List<Transaction> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(plain("CONTACTLESS ALDI STORES " + (1000 + i % 9000) + " CROYDON GB", "-23.62",
          LocalDate.of(2024, 1, 1).plusDays(i % 366)));
    }
    CompactTransactions c = CompactTransactions.of(rows);
    // ~80 bytes of columns plus the 39 bytes of the description (the goal is <= 150 per row)
    assertThat(c.retainedBytes() / (double) rows.size()).isLessThan(150);
  }

  @Test
  void addAllOfPartsEqualsAddingEveryRow() {
    Random r = new Random(11);
    List<Transaction> rows = new ArrayList<>();
    for (int rep = 0; rep < 3; rep++) {
      rows.addAll(awkward());
      for (int i = 0; i < 500; i++) {
        Transaction t = plain("SHOP " + r.nextInt(40), "-" + r.nextInt(10_000) + "." + r.nextInt(100),
            LocalDate.of(2024, 1, 1).plusDays(r.nextInt(366)));
        if (r.nextInt(5) == 0) {
          t = t.toBuilder().category(new Category("C" + r.nextInt(3), "C")).merchant("M" + r.nextInt(7))
              .counterparty(r.nextBoolean() ? null : "P" + r.nextInt(4)).memo("memo " + r.nextInt(3))
              .reference("R" + r.nextInt(2)).counterpartyAccount("****" + (1000 + r.nextInt(3)))
              .amount(Money.of("-" + r.nextInt(99), r.nextBoolean() ? "JPY" : "EUR")).build();
        }
        rows.add(t);
      }
    }
    for (int trial = 0; trial < 20; trial++) {
      CompactTransactions.Builder b = CompactTransactions.builder(trial); // small: appends must grow it
      int at = 0;
      while (at < rows.size()) {
        int len = Math.min(rows.size() - at, 1 + r.nextInt(300));
        if (r.nextInt(4) == 0) {
          for (int k = at; k < at + len; k++) {
            b.add(rows.get(k));
          }
        } else {
          // a part with rows around the range, of which only the range is appended, in one or two calls
          int before = Math.min(at, r.nextInt(5));
          CompactTransactions part = CompactTransactions.of(rows.subList(at - before, at + len));
          int mid = before + r.nextInt(len + 1);
          b.addAll(part, before, mid);
          b.addAll(part, mid, before + len);
        }
        at += len;
      }
      CompactTransactions c = b.build();
      assertThat(c).hasSize(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Transaction a = rows.get(i);
        Transaction got = c.get(i);
        assertThat(got).as("row %d", i).isEqualTo(a);
        assertThat(got.id()).isEqualTo(a.id());
        assertThat(got.amount().amount().scale()).isEqualTo(a.amount().amount().scale());
        assertThat(got.description()).isEqualTo(a.description());
      }
    }
    CompactTransactions part = CompactTransactions.of(awkward());
    assertThatThrownBy(() -> CompactTransactions.builder(1).addAll(part, 2, part.size() + 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    CompactTransactions.Builder done = CompactTransactions.builder(1);
    done.build();
    assertThatThrownBy(() -> done.addAll(part, 0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void columnAccessorsEqualTheBuiltRow() {
    List<Transaction> rows = awkward();
    CompactTransactions c = CompactTransactions.of(rows);
    for (int i = 0; i < rows.size(); i++) {
      BigDecimal expected = rows.get(i).amount().amount();
      assertThat(c.amount(i)).isEqualTo(expected); // BigDecimal.equals: value and scale
      assertThat(c.bookingDate(i)).isEqualTo(rows.get(i).bookingDate());
      assertThat(c.category(i)).isEqualTo(rows.get(i).category());
      assertThat(c.id(i)).isEqualTo(rows.get(i).id());
      assertThat(c.account(i)).isEqualTo(rows.get(i).account());
      assertThat(c.merchant(i)).isEqualTo(rows.get(i).merchant());
      assertThat(c.currency(i)).isEqualTo(rows.get(i).amount().currency());
    }
    assertThatThrownBy(() -> c.amount(rows.size())).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void selectKeepsExactlyTheRowsThePredicateKeepsInOrder() {
    List<Transaction> rows = new ArrayList<>();
    for (int k = 0; k < 7; k++) {
      rows.addAll(awkward());
    }
    CompactTransactions c = CompactTransactions.of(rows);
    Random r = new Random(5);
    for (int round = 0; round < 20; round++) {
      boolean[] keep = new boolean[c.size()];
      List<Transaction> expected = new ArrayList<>();
      for (int i = 0; i < keep.length; i++) {
        keep[i] = round == 0 || (round != 1 && r.nextInt(3) > 0);
        if (keep[i]) {
          expected.add(rows.get(i));
        }
      }
      CompactTransactions s = c.select(i -> keep[i]);
      assertThat(s).isEqualTo(expected);
      assertThat(s.hashCode()).isEqualTo(expected.hashCode());
    }
    LocalDate cut = rows.get(rows.size() / 2).bookingDate();
    assertThat(c.select(i -> c.bookingDate(i).isBefore(cut)))
        .isEqualTo(rows.stream().filter(t -> t.bookingDate().isBefore(cut)).toList());
  }

  @Test
  void amountsOfEighteenDigitsAndBeyondKeepTheirExactValue() {
    List<Transaction> rows = new ArrayList<>();
    String[] values = {"999999999999999999", "-999999999999999999", "9999999999999999.99", "1000000000000000000",
        "-9223372036854775808", "9223372036854775807", "9223372036854775808", "0.000000000000000001",
        "-0.10", "0", "12E+3", "-1.5E-3"};
    for (String v : values) {
      rows.add(Transaction.builder().account("a").bookingDate(LocalDate.of(2024, 1, 1))
          .amount(new Money(new BigDecimal(v), Currency.getInstance("XXX")))
          .balance(new Money(new BigDecimal(v).negate(), Currency.getInstance("XXX"))).description(v)
          .provenance(new Provenance("s", 1)).build());
    }
    CompactTransactions c = CompactTransactions.of(rows);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(c.get(i).amount().amount()).isEqualTo(rows.get(i).amount().amount()); // equals: value and scale
      assertThat(c.get(i).balance().amount()).isEqualTo(rows.get(i).balance().amount());
    }
  }
}
