package dev.pfms.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionFeaturesTest {

  private static Transaction tx(String merchant, String amount, LocalDate d) {
    return Transaction.builder().description(merchant).merchant(merchant).amount(Money.of(amount, "GBP"))
        .bookingDate(d).build();
  }

  private static List<Transaction> history() {
    List<Transaction> h = new ArrayList<>();
    LocalDate d = LocalDate.of(2025, 1, 6);
    for (int w = 0; w < 20; w++) {
      h.add(tx("AMAZON", String.format(java.util.Locale.ROOT, "-%.2f", 40 + (w % 5) * 2.0), d.plusWeeks(w)));
      h.add(tx("COSTA", "-3.20", d.plusWeeks(w).plusDays(1)));
    }
    return h;
  }

  @Test
  void foreignHintPreCheckAgreesWithTheRegexOnEveryString() {
    List<String> parts = List.of("NON-STERLING", "non sterling", "NONSTERLING", "Foreign", "FX FEE", "fx  fee",
        "INT'L TRANSACTION", "intl transaction", "INT L TRANSACTION", "CURRENCY CONVERSION", "currency-conversion",
        "STERLINGS", "xFOREIGN", "TESCO", " ", "-", "'", "\u017Fterling", "\u212A", "CARD 1234", "é", "_", "9",
        "TRANSACTION", "CONVERSION", "F", "X FEE");
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(18);
    List<String> texts = new ArrayList<>(parts);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder();
      for (int k = rnd.nextInt(1, 5); k > 0; k--) {
        b.append(parts.get(rnd.nextInt(parts.size())));
      }
      texts.add(b.toString());
    }
    int matches = 0;
    for (String s : texts) {
      boolean regex = TransactionFeatures.foreignHintByRegex(s);
      assertThat(TransactionFeatures.foreignHint(s)).as(s).isEqualTo(regex);
      matches += regex ? 1 : 0;
    }
    assertThat(matches).isBetween(1000, texts.size() - 1000);
  }

  @Test
  void amountFarAboveTheMerchantsUsualHasALargeZAndAPlainReason() {
    TransactionFeatures f = TransactionFeatures.fit(history(), TransactionFeatures.Options.defaults());
    Transaction big = tx("AMAZON", "-412.00", LocalDate.of(2025, 6, 1));
    FeatureRow row = f.extract(List.of(big)).getFirst();
    assertThat(row.get(Feature.MERCHANT_Z)).isGreaterThan(10);
    assertThat(row.merchantUsual()).isEqualByComparingTo("44.00");
    assertThat(Reasons.explain(row)).first().asString().isEqualTo("£412.00 at AMAZON is 9.4× your usual £44.00 there");
  }

  @Test
  void secondIdenticalChargeInsideTheWindowIsADuplicateButTheFirstIsNot() {
    TransactionFeatures f = TransactionFeatures.fit(history(), TransactionFeatures.Options.defaults());
    Transaction a = tx("NETFLIX", "-10.99", LocalDate.of(2025, 6, 1));
    Transaction b = Transaction.builder().description("NETFLIX").merchant("NETFLIX").amount(Money.of("-10.99", "GBP"))
        .bookingDate(LocalDate.of(2025, 6, 2)).occurrence(1).build();
    List<FeatureRow> rows = f.extract(List.of(a, b));
    assertThat(rows.get(0).get(Feature.DUPLICATE_COUNT)).isZero();
    assertThat(rows.get(1).get(Feature.DUPLICATE_COUNT)).isEqualTo(1);
    assertThat(rows.get(1).findDuplicateOf()).contains(LocalDate.of(2025, 6, 1));
    assertThat(Reasons.explain(rows.get(1))).first().asString().contains("duplicate").contains("1 day earlier");
  }

  @Test
  void duplicatesCompareAmountsByValueWhateverTheirScaleOrSize() {
    List<Transaction> h = history();
    h.add(tx("NETFLIX", "-10.9", LocalDate.of(2025, 5, 31)));
    h.add(tx("BIG BANK", "-12345678901234567890.50", LocalDate.of(2025, 5, 31))); // unscaled beyond a long
    TransactionFeatures f = TransactionFeatures.fit(h, TransactionFeatures.Options.defaults());
    List<FeatureRow> rows = f.extract(List.of(tx("NETFLIX", "-10.90", LocalDate.of(2025, 6, 1)),
        tx("NETFLIX", "-10.91", LocalDate.of(2025, 6, 1)),
        tx("BIG BANK", "-12345678901234567890.5", LocalDate.of(2025, 6, 1)),
        tx("BIG BANK", "-12345678901234567890.51", LocalDate.of(2025, 6, 1))));
    assertThat(rows.get(0).get(Feature.DUPLICATE_COUNT)).isEqualTo(1);
    assertThat(rows.get(0).findDuplicateOf()).contains(LocalDate.of(2025, 5, 31));
    assertThat(rows.get(1).get(Feature.DUPLICATE_COUNT)).isZero();
    assertThat(rows.get(2).get(Feature.DUPLICATE_COUNT)).isEqualTo(1);
    assertThat(rows.get(3).get(Feature.DUPLICATE_COUNT)).isZero();
  }

  @Test
  void firstVisitAfterTheWarmUpIsANewMerchantAndInTheFirstMonthIsNot() {
    List<Transaction> h = history();
    TransactionFeatures f = TransactionFeatures.fit(h, TransactionFeatures.Options.defaults());
    FeatureRow late = f.extract(List.of(tx("CASINO MALTA", "-900.00", LocalDate.of(2025, 5, 1)))).getFirst();
    assertThat(late.get(Feature.NEW_MERCHANT)).isEqualTo(1);
    assertThat(String.join(" ", Reasons.explain(late))).contains("first transaction with this merchant");
    FeatureRow early = f.extract(List.of(h.getFirst())).getFirst();
    assertThat(early.get(Feature.NEW_MERCHANT)).isZero();
  }

  @Test
  void scoringTheHistoryItselfMeasuresTimeSinceThePreviousVisit() {
    List<Transaction> h = history();
    TransactionFeatures f = TransactionFeatures.fit(h, TransactionFeatures.Options.defaults());
    List<FeatureRow> rows = f.extract(h);
    assertThat(rows.get(2).findPreviousVisit()).contains(h.get(0).bookingDate());
    assertThat(rows.get(2).get(Feature.LOG_DAYS_SINCE_MERCHANT)).isEqualTo(Math.log1p(7));
  }

  @Test
  void roundAmountsAndForeignCurrencyAreMarked() {
    TransactionFeatures f = TransactionFeatures.fit(history(), TransactionFeatures.Options.defaults());
    Transaction cash = tx("ATM", "-500.00", LocalDate.of(2025, 6, 1));
    Transaction usd = Transaction.builder().description("HOTEL NYC").amount(Money.of("-120.00", "USD"))
        .bookingDate(LocalDate.of(2025, 6, 1)).build();
    List<FeatureRow> rows = f.extract(List.of(cash, usd));
    assertThat(rows.get(0).get(Feature.ROUND_AMOUNT)).isEqualTo(1);
    assertThat(rows.get(1).get(Feature.FOREIGN_CURRENCY)).isEqualTo(1);
    assertThat(String.join(" ", Reasons.explain(rows.get(1)))).contains("foreign currency").contains("GBP");
    assertThat(Reasons.money(new java.math.BigDecimal("1234.5"), java.util.Currency.getInstance("GBP")))
        .isEqualTo("£1,234.50");
  }

  @Test
  void robustZScoreBaselineFlagsTheSpikeWithAReasonAndNotTheUsualOnes() {
    RobustZScoreDetector d = new RobustZScoreDetector(3.5, TransactionFeatures.Options.defaults());
    List<Transaction> h = history();
    Transaction big = tx("AMAZON", "-412.00", LocalDate.of(2025, 6, 1));
    List<Transaction> all = new ArrayList<>(h);
    all.add(big);
    var scores = d.fit(all).score(all);
    assertThat(scores.getLast().flagged()).isTrue();
    assertThat(scores.getLast().reasons()).isNotEmpty();
    assertThat(scores.subList(0, h.size())).noneMatch(s -> s.flagged());
  }

  @Test
  void fitAndScoreExtractsTheHistorysFeaturesOnce() {
    RobustZScoreDetector d = new RobustZScoreDetector(3.5, TransactionFeatures.Options.defaults());
    List<Transaction> h = history();
    var fitted = d.fitAndScore(h);
    TransactionFeatures f = ((RobustZScoreDetector.Model) fitted.model()).features();
    assertThat(f.extractions()).isEqualTo(1);
    assertThat(fitted.scores()).hasSize(h.size());
    fitted.model().score(h);
    assertThat(f.extractions()).isEqualTo(2);
  }

  @Test
  void rowsOnDemandEqualTheExtractedListInAnyOrder() {
    java.util.List<dev.pfms.api.model.Transaction> history = dev.pfms.tck.TckData.ordinaryHistory(5);
    TransactionFeatures f = TransactionFeatures.fit(history, TransactionFeatures.Options.defaults());
    java.util.List<dev.pfms.api.model.Transaction> mixed = new java.util.ArrayList<>(history.subList(0, 20));
    mixed.add(dev.pfms.tck.TckData.tx("BRAND NEW SHOP", "-999.00", java.time.LocalDate.of(2025, 9, 9)));
    mixed.addAll(history.subList(40, 60));
    java.util.List<FeatureRow> all = f.extract(mixed);
    TransactionFeatures.Extraction e = f.extraction(mixed);
    for (int i = mixed.size() - 1; i >= 0; i--) {
      FeatureRow a = all.get(i);
      FeatureRow b = e.row(i);
      assertThat(b.values()).containsExactly(a.values());
      assertThat(b.transaction()).isEqualTo(a.transaction());
      assertThat(b.previousVisit()).isEqualTo(a.previousVisit());
      assertThat(b.duplicateOf()).isEqualTo(a.duplicateOf());
      assertThat(b.merchantUsual()).isEqualTo(a.merchantUsual());
    }
    // a compact history fits to the same features
    TransactionFeatures c = TransactionFeatures.fit(dev.pfms.api.model.CompactTransactions.of(history),
        TransactionFeatures.Options.defaults());
    java.util.List<FeatureRow> fromCompact = c.extract(mixed);
    for (int i = 0; i < mixed.size(); i++) {
      assertThat(fromCompact.get(i).values()).containsExactly(all.get(i).values());
    }
  }
}
