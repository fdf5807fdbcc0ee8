package dev.pfms.core.recurring;

import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.Forecaster;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Projects an account's balance day by day: the known recurring items (detected series that have
 * not stopped, placed on their expected dates at their expected amounts) plus a forecast of the
 * rest (the weekly net flow of all other transactions, forecast by the given forecaster and spread
 * evenly over each week's days). The bounds add the residual forecast's interval, treating weeks as
 * independent (an approximation that narrows long horizons somewhat). Thread-safe when the
 * forecaster is.
 */
public final class CashFlowForecaster {

  private final Forecaster residual;
  private final RecurringDetector detector;

  /**
   * Creates the forecaster.
   *
   * @param residual forecasts the weekly net flow of non-recurring transactions, e.g. {@code ets}
   * @param detector finds the recurring series
   */
  public CashFlowForecaster(Forecaster residual, RecurringDetector detector) {
    this.residual = Objects.requireNonNull(residual, "residual");
    this.detector = Objects.requireNonNull(detector, "detector");
  }

  /**
   * Forecasts from the day after the account's last transaction, starting from its last running
   * balance.
   *
   * @param history the account's transactions (one account, one currency; the latest must carry a
   *     balance)
   * @param days how many days to project, at least 1
   * @param threshold the balance to warn about
   * @param level the nominal level of the bounds, in (0, 1)
   * @return the forecast
   * @throws IllegalArgumentException when the history is empty, mixes accounts, or its latest
   *     transaction has no balance
   */
  public CashFlowForecast forecast(List<Transaction> history, int days, Money threshold, double level) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("the account history is empty");
    }
    Transaction last = history.stream().max(Comparator.comparing(Transaction::bookingDate)).orElseThrow();
    Money balance = last.findBalance().orElseThrow(() -> new IllegalArgumentException(
        "the latest transaction (" + last.provenance() + ") has no running balance; pass the opening balance"));
    return forecast(history, balance, last.bookingDate().plusDays(1), days, threshold, level);
  }

  /**
   * Forecasts from a given day and balance.
   *
   * @param history the account's transactions (one account, one currency)
   * @param balance the balance at the start of {@code from}
   * @param from the first forecast day
   * @param days how many days to project, at least 1
   * @param threshold the balance to warn about
   * @param level the nominal level of the bounds, in (0, 1)
   * @return the forecast
   */
  public CashFlowForecast forecast(List<Transaction> history, Money balance, LocalDate from, int days,
      Money threshold, double level) {
    if (days < 1) {
      throw new IllegalArgumentException("days must be at least 1: " + days);
    }
    if (history.isEmpty()) {
      throw new IllegalArgumentException("the account history is empty");
    }
    String account = history.getFirst().account();
    for (Transaction t : history) {
      if (!t.account().equals(account)) {
        throw new IllegalArgumentException("history mixes accounts; forecast one account at a time");
      }
    }
    LocalDate end = from.plusDays(days - 1);
    List<RecurringSeries> series = detector.detect(history, from.minusDays(1));
    Set<String> recurringIds = new HashSet<>();
    List<ExpectedPayment> items = new ArrayList<>();
    for (RecurringSeries s : series) {
      s.transactions().forEach(t -> recurringIds.add(t.id()));
      if (s.stopped()) {
        continue;
      }
      int dom = s.expectedNext().getDayOfMonth();
      for (LocalDate d = s.expectedNext(); !d.isAfter(end); d = s.cadence().next(d, dom)) {
        if (!d.isBefore(from)) {
          items.add(new ExpectedPayment(d, s.merchant(), s.expectedAmount()));
        }
      }
    }
    items.sort(Comparator.comparing(ExpectedPayment::date));

    // the rest: weekly net flow, forecast and spread over days
    List<Transaction> rest = history.stream().filter(t -> !recurringIds.contains(t.id())).toList();
    int weeks = (int) ChronoUnit.WEEKS.between(Granularity.WEEKLY.periodStart(from),
        Granularity.WEEKLY.periodStart(end)) + 1;
    double[] weekMean = new double[weeks];
    double[] weekVar = new double[weeks];
    String model = "none (no non-recurring history)";
    LocalDate firstWeek = Granularity.WEEKLY.periodStart(from);
    if (!rest.isEmpty()) {
      Map<String, TimeSeries> agg = TimeSeries.aggregate(rest, Granularity.WEEKLY, t -> "rest",
          t -> t.amount().amount());
      TimeSeries ts = agg.get("rest");
      // extend with zero weeks up to the week before the forecast starts, dropping a partial last week
      List<BigDecimal> vals = new ArrayList<>(ts.values());
      long gap = Granularity.WEEKLY.between(ts.start(), firstWeek);
      while (vals.size() < gap) {
        vals.add(BigDecimal.ZERO);
      }
      if (vals.size() > gap && gap > 0) {
        vals = vals.subList(0, (int) gap);
      }
      if (!vals.isEmpty()) {
        TimeSeries hist = new TimeSeries("rest", Granularity.WEEKLY, ts.start(), ts.currency(), vals);
        Forecast f = residual.forecast(hist, weeks, level);
        model = f.model();
        for (int w = 0; w < weeks; w++) {
          ForecastPoint p = f.points().get(w);
          weekMean[w] = p.mean().doubleValue();
          double halfWidth = (p.upper().doubleValue() - p.lower().doubleValue()) / 2;
          weekVar[w] = halfWidth * halfWidth;
        }
      }
    }
    int digits = Math.max(0, balance.currency().getDefaultFractionDigits());
    double bal = balance.amount().doubleValue();
    double var = 0;
    List<BalancePoint> path = new ArrayList<>(days);
    LocalDate firstBelow = null;
    LocalDate firstLowerBelow = null;
    int item = 0;
    double thr = threshold.amount().doubleValue();
    for (int i = 0; i < days; i++) {
      LocalDate d = from.plusDays(i);
      int w = (int) ChronoUnit.WEEKS.between(firstWeek, Granularity.WEEKLY.periodStart(d));
      bal += weekMean[w] / 7;
      var += weekVar[w] / 7; // half-widths in squared units, days of a week share its variance
      while (item < items.size() && items.get(item).date().equals(d)) {
        bal += items.get(item).amount().amount().doubleValue();
        item++;
      }
      double hw = Math.sqrt(var);
      BalancePoint p = new BalancePoint(d, money(bal, balance, digits), money(bal - hw, balance, digits),
          money(bal + hw, balance, digits));
      path.add(p);
      if (firstBelow == null && bal < thr) {
        firstBelow = d;
      }
      if (firstLowerBelow == null && bal - hw < thr) {
        firstLowerBelow = d;
      }
    }
    return new CashFlowForecast(account, threshold, level, path, items, model, firstBelow, firstLowerBelow);
  }

  private static Money money(double v, Money like, int digits) {
    return Money.of(BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_EVEN), like.currency());
  }
}
