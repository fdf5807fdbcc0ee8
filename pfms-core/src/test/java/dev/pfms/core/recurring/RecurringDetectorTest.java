package dev.pfms.core.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecurringDetectorTest {

  private static Transaction tx(String account, String merchant, String amount, LocalDate d, int occ) {
    return Transaction.builder().account(account).description(merchant).merchant(merchant)
        .amount(Money.of(amount, "GBP")).bookingDate(d).occurrence(occ).build();
  }

  /** Two years: rent, a subscription with a price rise, a cancelled one, salary, quarterly water, noise. */
  private static List<Transaction> history() {
    Random r = new Random(7);
    List<Transaction> out = new ArrayList<>();
    LocalDate start = LocalDate.of(2024, 1, 1);
    for (int m = 0; m < 24; m++) {
      LocalDate month = start.plusMonths(m);
      out.add(tx("cur", "LANDLORD", "-1250.00", month.withDayOfMonth(1 + r.nextInt(2)), 0));
      out.add(tx("cur", "NETFLIX", m < 14 ? "-10.99" : "-12.99", month.withDayOfMonth(14 + r.nextInt(3)), 0));
      if (m < 10) {
        out.add(tx("cur", "DISNEY PLUS", "-7.99", month.withDayOfMonth(9), 0));
      }
      out.add(tx("cur", "ACME SALARY", "3250.00", month.withDayOfMonth(24 + r.nextInt(3)), 0));
      if (m % 3 == 0) {
        out.add(tx("cur", "THAMES WATER", "-118.40", month.withDayOfMonth(12), 0));
      }
      out.add(tx("cur", "BRITISH GAS", String.format(java.util.Locale.ROOT, "-%.2f", 80 + 30 * r.nextDouble()),
          month.withDayOfMonth(8), 0));
    }
    for (int i = 0; i < 150; i++) {
      out.add(tx("cur", "TESCO", String.format(java.util.Locale.ROOT, "-%.2f", 5 + 80 * r.nextDouble()),
          start.plusDays(r.nextInt(720)), i));
    }
    // a duplicate Netflix charge the day after one of them
    out.add(tx("cur", "NETFLIX", "-10.99", LocalDate.of(2024, 3, 17), 1));
    return out;
  }

  private static RecurringSeries find(List<RecurringSeries> all, String merchant) {
    return all.stream().filter(s -> s.merchant().equals(merchant)).findFirst().orElseThrow();
  }

  @Test
  void findsEachRecurringSeriesWithItsCadenceAndNoGroceryNoise() {
    List<RecurringSeries> all = RecurringDetector.defaults().detect(history());
    assertThat(all).extracting(RecurringSeries::merchant).containsExactlyInAnyOrder("ACME SALARY", "BRITISH GAS",
        "DISNEY PLUS", "LANDLORD", "NETFLIX", "THAMES WATER");
    assertThat(find(all, "THAMES WATER").cadence()).isEqualTo(Cadence.QUARTERLY);
    assertThat(find(all, "LANDLORD").cadence()).isEqualTo(Cadence.MONTHLY);
    assertThat(find(all, "ACME SALARY").incoming()).isTrue();
    assertThat(find(all, "BRITISH GAS").fixedAmount()).isFalse();
  }

  @Test
  void recordsAPriceRiseAndExpectsTheNewPriceNextMonth() {
    RecurringSeries n = find(RecurringDetector.defaults().detect(history()), "NETFLIX");
    assertThat(n.transactions()).hasSize(24);
    assertThat(n.priceChanges()).singleElement().satisfies(c -> {
      assertThat(c.from()).isEqualTo(Money.of("-10.99", "GBP"));
      assertThat(c.to()).isEqualTo(Money.of("-12.99", "GBP"));
      assertThat(c.date()).isBetween(LocalDate.of(2025, 3, 14), LocalDate.of(2025, 3, 16));
    });
    assertThat(n.expectedAmount()).isEqualTo(Money.of("-12.99", "GBP"));
    assertThat(n.expectedNext()).isBetween(LocalDate.of(2026, 1, 14), LocalDate.of(2026, 1, 16));
    assertThat(n.stopped()).isFalse();
  }

  @Test
  void aCancelledSubscriptionIsMarkedStopped() {
    RecurringSeries d = find(RecurringDetector.defaults().detect(history()), "DISNEY PLUS");
    assertThat(d.stopped()).isTrue();
    assertThat(d.lastDate()).isEqualTo(LocalDate.of(2024, 10, 9));
  }

  @Test
  void cashFlowPlacesRecurringItemsAndFindsTheFirstDayBelowTheThreshold() {
    List<Transaction> h = history();
    CashFlowForecaster cf = new CashFlowForecaster(new dev.pfms.core.forecast.EtsForecaster(0),
        RecurringDetector.defaults());
    CashFlowForecast f = cf.forecast(h, Money.of("1500.00", "GBP"), LocalDate.of(2026, 1, 1), 31,
        Money.of("0.00", "GBP"), 0.8);
    assertThat(f.path()).hasSize(31);
    assertThat(f.recurring()).extracting(ExpectedPayment::merchant).contains("LANDLORD", "NETFLIX", "ACME SALARY")
        .doesNotContain("DISNEY PLUS");
    // rent (1250) on the 1st/2nd and the rest of the spending take 1500 below zero before payday
    assertThat(f.findFirstBelow()).isPresent();
    assertThat(f.firstBelow()).isBefore(LocalDate.of(2026, 1, 24));
    assertThat(f.findFirstLowerBelow().orElseThrow()).isBeforeOrEqualTo(f.firstBelow());
    BalancePoint last = f.path().getLast();
    assertThat(last.lower().amount()).isLessThan(last.expected().amount());
  }
}
