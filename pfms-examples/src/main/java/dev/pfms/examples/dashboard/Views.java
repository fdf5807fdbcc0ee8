package dev.pfms.examples.dashboard;

import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.money.Spending;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/** The JSON shapes of the API (records serialized by Jackson) and how they are built from a snapshot. */
final class Views {

  private static final Taxonomy TAXONOMY = Taxonomy.standard();

  private Views() {}

  record TransactionView(String id, String date, String account, String description, String merchant,
      BigDecimal amount, String currency, String category, String categoryLabel, String primary,
      double confidence, boolean needsReview, String model, List<String> explanation, boolean corrected,
      double anomalyScore, boolean flagged, List<String> reasons) {}

  record Page(int total, int offset, List<TransactionView> items) {}

  record CategorySpend(String primary, String label, BigDecimal amount, int count) {}

  record Summary(boolean loaded, String source, String format, int transactions, int problems,
      List<IngestProblem> firstProblems, int duplicatesSkipped, String from, String to, List<String> accounts,
      String currency, int flagged, int needsReview, int corrections, int lastChanged, String categorizer,
      String detector, String forecaster, List<CategorySpend> spendingByCategory) {}

  record MonthPoint(String month, BigDecimal amount) {}

  record BandPoint(String month, BigDecimal mean, BigDecimal lower, BigDecimal upper) {}

  record CategoryForecast(String primary, String label, BigDecimal mean, BigDecimal lower, BigDecimal upper,
      String model) {}

  record ForecastView(String currency, double level, String model, List<MonthPoint> history,
      List<BandPoint> forecast, List<CategoryForecast> nextMonthByCategory) {}

  record CategoryOption(String code, String primary, String label) {}

  record ErrorView(String error, String source, Long line, String field) {
    static ErrorView of(String message) {
      return new ErrorView(message, null, null, null);
    }
  }

  static TransactionView transaction(Session.Snapshot s, int i) {
    Transaction raw = s.raw().get(i);
    Transaction t = s.result().transactions().get(i);
    Prediction p = s.result().predictions().get(i);
    AnomalyScore a = s.result().anomalies().get(i);
    Category c = t.category();
    return new TransactionView(raw.id(), raw.bookingDate().toString(), raw.account(), raw.description(), raw.merchant(),
        raw.amount().amount(), raw.amount().currency().getCurrencyCode(), c.code(), label(c), c.primary(),
        round(p.confidence()), p.needsReview(), p.model(), p.explanation(), s.corrected().containsKey(raw.id()),
        round(a.score()), a.flagged(), a.reasons());
  }

  /**
   * One page of transactions, newest first.
   *
   * @param s the snapshot
   * @param query text to look for in the description or category (case-insensitive), or empty
   * @param onlyReview only those that need review
   * @param onlyFlagged only anomalies
   * @param offset the first row
   * @param limit how many rows
   * @return the page
   */
  static Page page(Session.Snapshot s, String query, boolean onlyReview, boolean onlyFlagged, int offset, int limit) {
    String q = query.toLowerCase(Locale.ROOT).trim();
    IntPredicate keep = i -> {
      if (onlyReview && !s.result().predictions().get(i).needsReview()) {
        return false;
      }
      if (onlyFlagged && !s.result().anomalies().get(i).flagged()) {
        return false;
      }
      if (q.isEmpty()) {
        return true;
      }
      Category c = s.result().transactions().get(i).category();
      return s.raw().get(i).description().toLowerCase(Locale.ROOT).contains(q)
          || c.code().toLowerCase(Locale.ROOT).contains(q) || label(c).toLowerCase(Locale.ROOT).contains(q);
    };
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < s.raw().size(); i++) {
      if (keep.test(i)) {
        rows.add(i);
      }
    }
    rows.sort(Comparator.comparing((Integer i) -> s.raw().get(i).bookingDate()).reversed()
        .thenComparing(Comparator.reverseOrder()));
    List<TransactionView> items = new ArrayList<>();
    for (int k = offset; k < Math.min(rows.size(), offset + limit); k++) {
      items.add(transaction(s, rows.get(k)));
    }
    return new Page(rows.size(), offset, items);
  }

  static List<TransactionView> anomalies(Session.Snapshot s, int limit) {
    List<TransactionView> out = new ArrayList<>();
    for (int i : s.flaggedByScore()) {
      if (out.size() == limit) {
        break;
      }
      out.add(transaction(s, i));
    }
    return out;
  }

  static Summary summary(Session.Snapshot s) {
    List<Transaction> txs = s.result().transactions();
    Map<String, BigDecimal> spend = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    Spending spending = s.result().spending();
    for (Transaction t : txs) {
      if (spending.isSpending(t)) {
        spend.merge(t.category().primary(), t.amount().amount().negate(), BigDecimal::add);
        counts.merge(t.category().primary(), 1, Integer::sum);
      }
    }
    List<CategorySpend> byCat = spend.entrySet().stream()
        .map(e -> new CategorySpend(e.getKey(), label(Category.of(e.getKey())), e.getValue(), counts.get(e.getKey())))
        .sorted(Comparator.comparing(CategorySpend::amount).reversed()).toList();
    int review = (int) s.result().predictions().stream().filter(Prediction::needsReview).count();
    var report = s.report();
    return new Summary(true, report.source(), report.format(), txs.size(), report.errors().size(),
        report.problems().subList(0, Math.min(5, report.problems().size())), report.duplicatesSkipped(),
        txs.stream().map(Transaction::bookingDate).min(LocalDate::compareTo).orElseThrow().toString(),
        txs.stream().map(Transaction::bookingDate).max(LocalDate::compareTo).orElseThrow().toString(),
        txs.stream().map(Transaction::account).distinct().sorted().toList(),
        txs.get(0).amount().currency().getCurrencyCode(), s.flaggedByScore().size(), review, s.corrections(),
        s.lastChanged(), s.categorizer(), s.detector(), s.forecaster(), byCat);
  }

  static Summary empty() {
    return new Summary(false, null, null, 0, 0, List.of(), 0, null, null, List.of(), null, 0, 0, 0, 0, null, null,
        null, List.of());
  }

  static ForecastView forecast(Session.Snapshot s) {
    TimeSeries h = s.totalHistory();
    List<MonthPoint> history = new ArrayList<>();
    if (h != null) {
      for (int i = 0; i < h.size(); i++) {
        history.add(new MonthPoint(h.periodStart(i).toString(), money(h.values().get(i))));
      }
    }
    Forecast f = s.totalForecast();
    List<BandPoint> band = new ArrayList<>();
    if (f != null) {
      for (ForecastPoint p : f.points()) {
        band.add(new BandPoint(p.periodStart().toString(), money(p.mean()), money(p.lower()), money(p.upper())));
      }
    }
    List<CategoryForecast> next = new ArrayList<>();
    s.result().forecasts().forEach((primary, fc) -> {
      if (!fc.points().isEmpty()) {
        ForecastPoint p = fc.points().get(0);
        next.add(new CategoryForecast(primary, label(Category.of(primary)), money(p.mean()), money(p.lower()),
            money(p.upper()), fc.model()));
      }
    });
    next.sort(Comparator.comparing(CategoryForecast::mean).reversed());
    String currency = h != null ? h.currency().getCurrencyCode() : s.raw().get(0).amount().currency().getCurrencyCode();
    return new ForecastView(currency, Session.LEVEL, f == null ? null : f.model(), history, band, next);
  }

  static List<CategoryOption> categories() {
    List<CategoryOption> out = new ArrayList<>();
    for (Category c : TAXONOMY.all()) {
      out.add(new CategoryOption(c.code(), c.primary(), label(c)));
    }
    return out;
  }

  static String label(Category c) {
    if (c.equals(Category.UNCATEGORIZED)) {
      return "Uncategorized";
    }
    return TAXONOMY.find(c.code()).map(TAXONOMY::label).orElse(c.code());
  }

  private static BigDecimal money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
