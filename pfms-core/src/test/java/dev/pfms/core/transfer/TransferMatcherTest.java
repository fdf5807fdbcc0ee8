package dev.pfms.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.money.FxRates;
import dev.pfms.api.money.Spending;
import dev.pfms.api.money.TransferMatch;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferMatcherTest {

  private static final LocalDate D = LocalDate.of(2025, 3, 10);

  private static Transaction tx(String id, String account, LocalDate date, String amount, String currency, String desc) {
    return Transaction.builder().id(id).account(account).bookingDate(date).amount(Money.of(amount, currency))
        .description(desc).provenance(new Provenance("t.csv", 1)).build();
  }

  /** Truth pairs (out id, in id) from the generator's transfer column. */
  private static Set<String> truthPairs(List<SampleRow> rows) {
    Map<String, String[]> legs = new HashMap<>();
    for (SampleRow r : rows) {
      if (!r.transfer().isEmpty()) {
        String[] p = legs.computeIfAbsent(r.transfer(), k -> new String[2]);
        p[r.transaction().amount().isNegative() ? 0 : 1] = r.transaction().id();
      }
    }
    Set<String> out = new HashSet<>();
    legs.values().forEach(p -> {
      if (p[0] != null && p[1] != null) {
        out.add(p[0] + ">" + p[1]);
      }
    });
    return out;
  }

  private static double[] precisionRecall(List<TransferMatch> found, Set<String> truth) {
    long tp = found.stream().filter(m -> truth.contains(m.outId() + ">" + m.inId())).count();
    return new double[] {found.isEmpty() ? 1 : tp / (double) found.size(), truth.isEmpty() ? 1 : tp / (double) truth.size()};
  }

  private static List<Transaction> withoutCategories(List<SampleRow> rows) {
    return rows.stream().map(r -> r.transaction().withCategory(null)).toList();
  }

  @Test
  @DisplayName("finds every card repayment of the sample data, and nothing else, from the descriptions alone")
  void cardRepaymentsOfTheSampleData() {
    List<SampleRow> rows = SampleGenerator.builder().build().generate();
    Set<String> truth = truthPairs(rows);
    assertThat(truth).hasSize(24);
    List<TransferMatch> found = TransferMatcher.withDefaults().detect(withoutCategories(rows));
    assertThat(precisionRecall(found, truth)).containsExactly(1.0, 1.0);
    assertThat(found).allMatch(m -> m.kind() == TransferMatch.Kind.CARD_REPAYMENT);
    assertThat(found.get(0).explanation()).contains("same amount").doesNotContain("£").doesNotContain("BARCLAYCARD");
  }

  @Test
  @DisplayName("savings legs, cross-currency top-ups and near misses: precision and recall at least 0.98")
  void transferCasesWithExchangeRates(@TempDir Path dir) throws IOException {
    SampleGenerator g = SampleGenerator.builder().transferCases(true).months(36).build(); // one user's accounts
    List<SampleRow> rows = g.generate();
    Path rates = dir.resolve("rates.csv");
    SampleGenerator.writeRates(LocalDate.of(2023, 12, 1), LocalDate.of(2027, 2, 1), rates);
    TransferMatcher m = TransferMatcher.builder().exchangeRates(FxRates.readEcbCsv(rates), 0.02).build();
    Set<String> truth = truthPairs(rows);
    assertThat(truth.size()).isGreaterThan(110);
    for (List<Transaction> input : List.of(rows.stream().map(SampleRow::transaction).toList(), withoutCategories(rows))) {
      List<TransferMatch> found = m.detect(input);
      double[] pr = precisionRecall(found, truth);
      assertThat(pr[0]).as("precision").isGreaterThanOrEqualTo(0.98);
      assertThat(pr[1]).as("recall").isGreaterThanOrEqualTo(0.98);
      assertThat(found).anyMatch(f -> f.kind() == TransferMatch.Kind.CROSS_CURRENCY);
    }
    // without rates, no cross-currency pair is proposed
    assertThat(TransferMatcher.withDefaults().detect(withoutCategories(rows)))
        .noneMatch(f -> f.kind() == TransferMatch.Kind.CROSS_CURRENCY);
  }

  @Test
  @DisplayName("the same amount back on the same account, or with no transfer wording, is not a transfer")
  void nearMisses() {
    List<Transaction> txs = List.of(
        tx("a", "current", D, "-22.00", "GBP", "DD EE LIMITED"),
        tx("b", "credit-card", D, "22.00", "GBP", "REFUND AMAZON MKTPLACE"),
        tx("c", "current", D, "-15.00", "GBP", "TFR TO SAVINGS"),
        tx("d", "current", D.plusDays(1), "15.00", "GBP", "TFR FROM SAVINGS"),
        tx("e", "current", D, "-40.00", "GBP", "TFR TO SAVINGS"),
        tx("f", "savings", D.plusDays(9), "40.00", "GBP", "TFR FROM CURRENT"));
    assertThat(TransferMatcher.withDefaults().detect(txs)).isEmpty();
  }

  @Test
  @DisplayName("a confirmed pair always matches, a rejected one never does")
  void userDecisionsAreRemembered() {
    List<Transaction> txs = List.of(
        tx("a", "current", D, "-22.00", "GBP", "DD EE LIMITED"),
        tx("b", "credit-card", D, "22.00", "GBP", "REFUND AMAZON MKTPLACE"),
        tx("c", "current", D, "-300.00", "GBP", "TFR TO SAVINGS"),
        tx("d", "savings", D, "300.00", "GBP", "TFR FROM CURRENT"));
    assertThat(TransferMatcher.withDefaults().detect(txs)).extracting(TransferMatch::outId).containsExactly("c");
    TransferDecisions said = TransferDecisions.none().confirm("a", "b").reject("c", "d");
    TransferDecisions back = TransferDecisions.fromLines(said.toLines());
    List<TransferMatch> found = TransferMatcher.builder().decisions(back).build().detect(txs);
    assertThat(found).singleElement().satisfies(m -> {
      assertThat(m.outId()).isEqualTo("a");
      assertThat(m.confidence()).isEqualTo(1.0);
      assertThat(m.explanation()).startsWith("confirmed by you");
    });
  }

  @Test
  @DisplayName("two equal transfers two days apart each pair with their own leg")
  void equalAmountsPairOneToOne() {
    List<Transaction> txs = List.of(
        tx("o1", "current", D, "-100.00", "GBP", "TFR TO SAVINGS"),
        tx("i1", "savings", D, "100.00", "GBP", "TFR FROM CURRENT"),
        tx("o2", "current", D.plusDays(2), "-100.00", "GBP", "TFR TO SAVINGS"),
        tx("i2", "savings", D.plusDays(2), "100.00", "GBP", "TFR FROM CURRENT"));
    assertThat(TransferMatcher.withDefaults().detect(txs)).extracting(m -> m.outId() + ">" + m.inId())
        .containsExactly("o1>i1", "o2>i2");
  }

  @Test
  @DisplayName("transfers are neither spending nor income")
  void transfersAreExcludedFromSpending() {
    List<SampleRow> rows = SampleGenerator.builder().build().generate();
    List<Transaction> txs = withoutCategories(rows);
    Spending naive = Spending.excluding(List.of());
    Spending real = Spending.excluding(TransferMatcher.withDefaults().detect(txs));
    Money naiveOut = naive.totals(txs).spending().get("GBP");
    Money realOut = real.totals(txs).spending().get("GBP");
    Money repaid = rows.stream().filter(r -> r.transfer().startsWith("card-") && r.transaction().amount().isNegative())
        .map(r -> r.transaction().amount().abs()).reduce(Money.zero(naiveOut.currency()), Money::plus);
    assertThat(naiveOut.minus(realOut)).isEqualTo(repaid);
    assertThat(real.totals(txs).income().get("GBP")).isLessThan(naive.totals(txs).income().get("GBP"));
    Transaction savings = rows.stream().map(SampleRow::transaction)
        .filter(t -> t.description().startsWith("TFR TO SAVINGS")).findFirst().orElseThrow();
    assertThat(real.isSpending(savings)).as("a one-legged transfer to savings, by its category").isFalse();
    assertThat(real.isSpending(savings.withCategory(Category.of("FOOD_AND_DRINK_GROCERIES")))).isTrue();
  }
}
