package dev.pfms.examples.walkthrough;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.core.recurring.BalancePoint;
import dev.pfms.core.recurring.CashFlowForecaster;
import dev.pfms.core.recurring.ExpectedPayment;
import dev.pfms.core.recurring.RecurringDetector;
import dev.pfms.core.recurring.RecurringSeries;
import dev.pfms.api.spi.Forecaster;
import dev.pfms.api.spi.ForecasterProvider;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Find the recurring payments of an account, project its balance day by day, and forecast monthly
 * spending with an interval.
 *
 * <pre>{@code java ... dev.pfms.examples.walkthrough.CashFlowForecast [sample_data/transactions.csv [account]]}</pre>
 */
public final class CashFlowForecast {

  private CashFlowForecast() {}

  /**
   * Runs the walkthrough.
   *
   * @param args the bank export (default {@code sample_data/transactions.csv}) and the account
   *     (default {@code current})
   * @throws IOException when the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "sample_data/transactions.csv"), args.length > 1 ? args[1] : "current",
        System.out);
  }

  static void run(Path file, String account, PrintStream out) throws IOException {
    IngestSource source = IngestSource.of(file);
    List<Transaction> history = Pfms.ingestorFor(source).ingest(source).transactions().stream()
        .filter(t -> t.account().equals(account)).toList();
    if (history.isEmpty()) {
      throw new IllegalArgumentException("no transactions for account " + account + " in " + file);
    }
    out.printf("account %s: %d transactions, %s to %s%n", account, history.size(), history.getFirst().bookingDate(),
        history.getLast().bookingDate());

    // 1. Recurring payments: merchant, cadence, expected amount and the next date.
    RecurringDetector detector = RecurringDetector.defaults();
    List<RecurringSeries> series = detector.detect(history);
    out.printf("%n1. %d recurring series (showing the active ones)%n", series.size());
    series.stream().filter(s -> !s.stopped()).limit(10).forEach(s -> out.printf("   %-28s %-9s %10s  next %s%s%n",
        s.merchant(), s.cadence(), s.expectedAmount(), s.expectedNext(),
        s.priceChanges().isEmpty() ? "" : "  (price changed " + s.priceChanges().getLast().date() + ")"));

    // 2. Balance projection: recurring items on their dates plus a forecast of everything else.
    String fcName = Pfms.registry().preferred(ForecasterProvider.class).orElseThrow().name();
    Forecaster forecaster = Pfms.forecaster(fcName, ProviderConfig.empty());
    Money threshold = Money.zero(history.getFirst().amount().currency());
    var cash = new CashFlowForecaster(forecaster, detector).forecast(history, 60, threshold, 0.8);
    out.printf("%n2. balance for the next 60 days (80%% band; rest of the flow by %s)%n", cash.residualModel());
    List<BalancePoint> path = cash.path();
    for (int i = 6; i < path.size(); i += 7) {
      BalancePoint p = path.get(i);
      out.printf("   %s  %10s  [%s, %s]%n", p.date(), p.expected(), p.lower(), p.upper());
    }
    out.println("   expected payments in the next 14 days:");
    for (ExpectedPayment e : cash.recurring()) {
      if (!e.date().isAfter(path.getFirst().date().plusDays(13))) {
        out.printf("     %s  %-28s %10s%n", e.date(), e.merchant(), e.amount());
      }
    }
    out.println("   " + cash.findFirstBelow().map(d -> "expected to go below " + threshold + " on " + d)
        .orElse("expected to stay above " + threshold) + "; "
        + cash.findFirstLowerBelow().map(d -> "the lower bound crosses it on " + d).orElse("even the lower bound does not"));

    // 3. Monthly spending (money out) and its forecast with an interval, from any Forecaster.
    Map<String, TimeSeries> monthly = TimeSeries.aggregate(history.stream().filter(t -> t.amount().isNegative())
        .filter(t -> t.bookingDate().isBefore(Granularity.MONTHLY.periodStart(history.getLast().bookingDate())))
        .toList(), Granularity.MONTHLY, t -> "spending", t -> t.amount().amount().negate());
    TimeSeries spending = monthly.get("spending");
    Forecast f = forecaster.forecast(spending, 3, 0.8);
    out.printf("%n3. monthly spending: last %s was %s; forecast by %s:%n", spending.periodStart(spending.size() - 1),
        spending.values().getLast(), f.model());
    for (ForecastPoint p : f.points()) {
      out.printf("   %s  %10s  [%s, %s]%n", p.periodStart(), round(p.mean()), round(p.lower()), round(p.upper()));
    }
  }

  private static BigDecimal round(BigDecimal v) {
    return v.setScale(2, java.math.RoundingMode.HALF_UP);
  }
}
