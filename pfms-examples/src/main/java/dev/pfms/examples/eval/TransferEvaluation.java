package dev.pfms.examples.eval;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.money.FxRates;
import dev.pfms.api.money.Spending;
import dev.pfms.api.money.TransferMatch;
import dev.pfms.core.sample.SampleGenerator;
import dev.pfms.core.sample.SampleRow;
import dev.pfms.core.transfer.TransferMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transfer matching against the generator's ground truth: precision and recall on the committed
 * sample data (card repayments) and on data with every transfer case (savings legs, EUR wallet
 * top-ups across currencies, same-amount pairs, near misses), with and without categories; then
 * what excluding transfers does to spending, and the multi-currency totals in GBP.
 * {@code java … TransferEvaluation}.
 */
public final class TransferEvaluation {

  private TransferEvaluation() {}

  /**
   * Runs the evaluation and prints the table.
   *
   * @param args unused
   * @throws Exception when the temporary rate table cannot be written
   */
  public static void main(String[] args) throws Exception {
    Path rates = Files.createTempFile("pfms-rates", ".csv");
    SampleGenerator.writeRates(LocalDate.of(2023, 12, 1), LocalDate.of(2027, 2, 1), rates);
    FxRates fx = FxRates.readEcbCsv(rates);
    Files.delete(rates);
    System.out.println("Transfer matching vs. generator truth (JDK " + Runtime.version() + ", "
        + Runtime.getRuntime().availableProcessors() + " cores)");
    System.out.printf("%-46s %6s %6s %9s %7s%n", "data", "pairs", "found", "precision", "recall");
    List<SampleRow> sample = SampleGenerator.builder().build().generate();
    List<SampleRow> cases = SampleGenerator.builder().transferCases(true).months(36).build().generate();
    TransferMatcher withFx = TransferMatcher.builder().exchangeRates(fx, 0.02).build();
    report("sample_data (card repayments), descriptions only", sample, TransferMatcher.withDefaults(), false);
    report("sample_data, with true categories", sample, TransferMatcher.withDefaults(), true);
    report("transfer cases, 36 months, descriptions only", cases, withFx, false);
    report("transfer cases, with true categories", cases, withFx, true);
    report("transfer cases, no exchange rates", cases, TransferMatcher.withDefaults(), false);

    List<Transaction> txs = sample.stream().map(r -> r.transaction().withCategory(null)).toList();
    Spending naive = Spending.excluding(List.of());
    Spending real = Spending.excluding(TransferMatcher.withDefaults().detect(txs));
    int months = 24;
    Money n = naive.totals(txs).spending().get("GBP");
    Money r = real.totals(txs).spending().get("GBP");
    System.out.printf("%nsample_data money out per month: %s counting everything, %s less transfers (%s of card"
        + " repayments)%n", per(n, months), per(r, months), per(n.minus(r), months));
    List<Transaction> all = cases.stream().map(SampleRow::transaction).toList();
    Spending.Totals t = Spending.excluding(withFx.detect(all)).in(new Spending.Conversion(Currency.getInstance("GBP"), fx))
        .totals(all);
    System.out.println("transfer cases, per currency: spending " + t.spending() + ", income " + t.income());
    System.out.println("transfer cases, in GBP at each day's rate: spending " + t.baseSpending() + ", income "
        + t.baseIncome());
  }

  private static String per(Money m, int months) {
    return m.currency().getSymbol() + m.amount().divide(java.math.BigDecimal.valueOf(months), 2, java.math.RoundingMode.HALF_EVEN);
  }

  private static void report(String name, List<SampleRow> rows, TransferMatcher m, boolean categories) {
    Map<String, String[]> legs = new HashMap<>();
    for (SampleRow r : rows) {
      if (!r.transfer().isEmpty()) {
        legs.computeIfAbsent(r.transfer(), k -> new String[2])[r.transaction().amount().isNegative() ? 0 : 1] =
            r.transaction().id();
      }
    }
    Set<String> truth = new HashSet<>();
    legs.values().forEach(p -> {
      if (p[0] != null && p[1] != null) {
        truth.add(p[0] + ">" + p[1]);
      }
    });
    List<Transaction> in = rows.stream().map(r -> categories ? r.transaction() : r.transaction().withCategory(null)).toList();
    List<TransferMatch> found = m.detect(in);
    long tp = found.stream().filter(f -> truth.contains(f.outId() + ">" + f.inId())).count();
    System.out.printf("%-46s %6d %6d %9.3f %7.3f%n", name, truth.size(), found.size(),
        found.isEmpty() ? 1.0 : tp / (double) found.size(), truth.isEmpty() ? 1.0 : tp / (double) truth.size());
  }
}
