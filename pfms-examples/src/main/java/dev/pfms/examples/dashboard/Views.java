package dev.pfms.examples.dashboard;

import dev.pfms.api.model.AnomalyScore;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.Forecast;
import dev.pfms.api.model.ForecastPoint;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.money.Spending;
import dev.pfms.api.money.TransferMatch;
import dev.pfms.core.recurring.BalancePoint;
import dev.pfms.core.recurring.CashFlowForecast;
import dev.pfms.core.recurring.CashFlowForecaster;
import dev.pfms.core.recurring.ExpectedPayment;
import dev.pfms.core.recurring.RecurringDetector;
import dev.pfms.core.recurring.RecurringSeries;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON shapes of the API (records serialized by Jackson) and how they are built from a snapshot. */
final class Views {

  private static final Taxonomy TAXONOMY = Taxonomy.standard();
  private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b|\\bUNCATEGORIZED\\b");
  /** Days the cash-flow projection covers. */
  static final int CASH_DAYS = 60;

  private Views() {}

  /**
   * What the user narrowed the views to; every view applies it. Null fields do not filter.
   *
   * @param from first booking date, inclusive
   * @param to last booking date, inclusive
   * @param account the account
   * @param category a category code: its primary matches all of its detailed categories
   */
  record Filter(LocalDate from, LocalDate to, String account, String category) {

    static final Filter NONE = new Filter(null, null, null, null);

    /**
     * Reads {@code from}, {@code to} (ISO dates), {@code account} and {@code category} query parameters.
     *
     * @param q the query
     * @return the filter
     * @throws IllegalArgumentException naming a malformed date
     */
    static Filter of(Map<String, String> q) {
      return new Filter(date(q, "from"), date(q, "to"), blankToNull(q.get("account")), blankToNull(q.get("category")));
    }

    private static LocalDate date(Map<String, String> q, String name) {
      String v = blankToNull(q.get(name));
      try {
        return v == null ? null : LocalDate.parse(v);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("parameter " + name + ": expected a date like 2025-01-31");
      }
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }

    boolean isNone() {
      return from == null && to == null && account == null && category == null;
    }

    boolean dates(Transaction t) {
      return (from == null || !t.bookingDate().isBefore(from)) && (to == null || !t.bookingDate().isAfter(to));
    }

    boolean accepts(Transaction categorized) {
      if (!dates(categorized) || (account != null && !account.equals(categorized.account()))) {
        return false;
      }
      if (category == null) {
        return true;
      }
      Category c = categorized.category();
      return c != null && (c.code().equals(category) || c.primary().equals(category));
    }
  }

  record TransactionView(String id, String date, String account, String description, String merchant,
      BigDecimal amount, String currency, String category, String categoryLabel, String primary,
      double confidence, boolean needsReview, String model, List<String> explanation, boolean corrected,
      double anomalyScore, boolean flagged, boolean dismissed, List<String> reasons, boolean transfer,
      String transferNote, String transferOut, String transferIn) {}

  record Page(int total, int offset, List<TransactionView> items) {}

  record CategorySpend(String primary, String label, BigDecimal amount, int count) {}

  record Imported(String source, int added, int skipped, int rejected) {}

  record Summary(boolean loaded, String source, String format, int transactions, int problems,
      List<IngestProblem> firstProblems, int duplicatesSkipped, Imported imported, String store, String from,
      String to, List<String> accounts, List<String> allAccounts, String currency, int otherCurrency, BigDecimal income, BigDecimal spending, int transfers,
      int transferPairs, int flagged, int dismissed, int needsReview, int corrections, int lastChanged,
      String categorizer, String detector, String forecaster, List<CategorySpend> spendingByCategory) {}

  record MonthPoint(String month, BigDecimal amount) {}

  record BandPoint(String month, BigDecimal mean, BigDecimal lower, BigDecimal upper) {}

  record CategoryForecast(String primary, String label, BigDecimal mean, BigDecimal lower, BigDecimal upper,
      String model) {}

  record ForecastView(String currency, double level, String model, List<MonthPoint> history,
      List<BandPoint> forecast, List<CategoryForecast> nextMonthByCategory) {}

  record IncomeMonth(String month, BigDecimal income, BigDecimal expenses, BigDecimal net) {}

  record IncomeView(String currency, List<IncomeMonth> months, BigDecimal income, BigDecimal expenses,
      int transfersExcluded) {}

  record Bill(String account, String merchant, String cadence, BigDecimal amount, String currency, String next,
      String last, boolean fixedAmount, int payments) {}

  record DayPoint(String date, BigDecimal expected, BigDecimal lower, BigDecimal upper) {}

  record Payment(String date, String merchant, BigDecimal amount) {}

  record CashFlowView(String account, String currency, BigDecimal threshold, double level, String model,
      BigDecimal startBalance, String lowBalanceDate, String lowerBoundBelowDate, List<DayPoint> path,
      List<Payment> upcoming, String note) {}

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
    boolean internal = s.result().spending().isInternal(t);
    TransferMatch m = s.transfers().get(raw.id());
    String note = !internal ? null : m != null ? "transfer between your accounts: " + m.explanation()
        : "transfer (" + label(c) + "): not spending or income";
    return new TransactionView(raw.id(), raw.bookingDate().toString(), raw.account(), raw.description(), raw.merchant(),
        raw.amount().amount(), raw.amount().currency().getCurrencyCode(), c.code(), label(c), c.primary(),
        round(p.confidence()), p.needsReview(), p.model(), p.explanation(), s.corrected().contains(raw.id()),
        round(a.score()), s.flagged(i), a.flagged() && s.dismissed().contains(raw.id()), humanReasons(a.reasons()),
        internal, note, m == null ? null : m.outId(), m == null ? null : m.inId());
  }

  /** Reasons with category codes (e.g. {@code MEDICAL_PHARMACY}) replaced by their display names. */
  static List<String> humanReasons(List<String> reasons) {
    List<String> out = new ArrayList<>(reasons.size());
    for (String r : reasons) {
      Matcher m = CODE.matcher(r);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String code = m.group();
        String name = code.equals("UNCATEGORIZED") ? "Uncategorized"
            : TAXONOMY.find(code).map(TAXONOMY::label).orElse(code);
        m.appendReplacement(b, Matcher.quoteReplacement(name));
      }
      m.appendTail(b);
      out.add(b.toString());
    }
    return out;
  }

  /** Positions of the rows the filter keeps, in store order. */
  static List<Integer> rows(Session.Snapshot s, Filter f) {
    List<Integer> out = new ArrayList<>();
    List<Transaction> txs = s.result().transactions();
    for (int i = 0; i < txs.size(); i++) {
      if (f.accepts(txs.get(i))) {
        out.add(i);
      }
    }
    return out;
  }

  private static List<Transaction> kept(Session.Snapshot s, Filter f) {
    List<Transaction> out = new ArrayList<>();
    for (int i : rows(s, f)) {
      out.add(s.result().transactions().get(i));
    }
    return out;
  }

  /**
   * One page of transactions, newest first.
   *
   * @param s the snapshot
   * @param f the filter
   * @param query text to look for in the description or category (case-insensitive), or empty
   * @param onlyReview only those that need review
   * @param onlyFlagged only anomalies (not dismissed)
   * @param offset the first row
   * @param limit how many rows
   * @return the page
   */
  static Page page(Session.Snapshot s, Filter f, String query, boolean onlyReview, boolean onlyFlagged, int offset,
      int limit) {
    List<Integer> rows = filtered(s, f, query, onlyReview, onlyFlagged);
    List<TransactionView> items = new ArrayList<>();
    for (int k = offset; k < Math.min(rows.size(), offset + limit); k++) {
      items.add(transaction(s, rows.get(k)));
    }
    return new Page(rows.size(), offset, items);
  }

  /** The rows the filter, search and check boxes keep, newest first. */
  static List<Integer> filtered(Session.Snapshot s, Filter f, String query, boolean onlyReview, boolean onlyFlagged) {
    String q = query.toLowerCase(Locale.ROOT).trim();
    IntPredicate keep = i -> {
      if (onlyReview && !s.result().predictions().get(i).needsReview()) {
        return false;
      }
      if (onlyFlagged && !s.flagged(i)) {
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
    for (int i : rows(s, f)) {
      if (keep.test(i)) {
        rows.add(i);
      }
    }
    rows.sort(Comparator.comparing((Integer i) -> s.raw().get(i).bookingDate()).reversed()
        .thenComparing(Comparator.reverseOrder()));
    return rows;
  }

  static List<TransactionView> anomalies(Session.Snapshot s, Filter f, int limit) {
    List<TransactionView> out = new ArrayList<>();
    for (int i : s.flaggedByScore()) {
      if (out.size() == limit) {
        break;
      }
      if (f.accepts(s.result().transactions().get(i))) {
        out.add(transaction(s, i));
      }
    }
    return out;
  }

  static Summary summary(Session.Snapshot s, Filter f) {
    List<Integer> rows = rows(s, f);
    Map<String, BigDecimal> spend = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    Spending spending = s.result().spending();
    BigDecimal income = BigDecimal.ZERO;
    BigDecimal out = BigDecimal.ZERO;
    int internal = 0;
    int flagged = 0;
    int dismissed = 0;
    int review = 0;
    java.util.Set<String> pairs = new java.util.HashSet<>();
    LocalDate min = null;
    LocalDate max = null;
    java.util.TreeSet<String> accounts = new java.util.TreeSet<>();
    String cur = currency(s);
    int otherCurrency = 0;
    for (int i : rows) {
      Transaction t = s.result().transactions().get(i);
      min = min == null || t.bookingDate().isBefore(min) ? t.bookingDate() : min;
      max = max == null || t.bookingDate().isAfter(max) ? t.bookingDate() : max;
      accounts.add(t.account());
      if (!t.amount().currency().getCurrencyCode().equals(cur)) {
        // sums across currencies need dated rates (ADR 0010): such rows are counted, not added
        otherCurrency++;
      } else if (spending.isSpending(t)) {
        spend.merge(t.category().primary(), t.amount().amount().negate(), BigDecimal::add);
        counts.merge(t.category().primary(), 1, Integer::sum);
        out = out.add(t.amount().amount().negate());
      } else if (spending.isIncome(t)) {
        income = income.add(t.amount().amount());
      } else if (spending.isInternal(t)) {
        internal++;
        TransferMatch m = s.transfers().get(t.id());
        if (m != null) {
          pairs.add(m.outId());
        }
      }
      if (s.flagged(i)) {
        flagged++;
      } else if (s.result().anomalies().get(i).flagged()) {
        dismissed++;
      }
      if (s.result().predictions().get(i).needsReview()) {
        review++;
      }
    }
    List<CategorySpend> byCat = spend.entrySet().stream()
        .map(e -> new CategorySpend(e.getKey(), label(Category.of(e.getKey())), e.getValue(), counts.get(e.getKey())))
        .sorted(Comparator.comparing(CategorySpend::amount).reversed()).toList();
    var report = s.report();
    var imp = s.lastImport();
    return new Summary(true, imp != null ? imp.source() : "the store", report != null ? report.format() : "stored",
        rows.size(), report != null ? report.errors().size() : 0,
        report != null ? report.problems().subList(0, Math.min(5, report.problems().size())) : List.of(),
        report != null ? report.duplicatesSkipped() : 0,
        imp == null ? null : new Imported(imp.source(), imp.added(), imp.skipped(), imp.rejected().size()),
        s.storeLocation(), min == null ? null : min.toString(), max == null ? null : max.toString(),
        List.copyOf(accounts), allAccounts(s), cur, otherCurrency, money(income), money(out), internal, pairs.size(), flagged, dismissed,
        review, s.corrected().size(), s.lastChanged(), s.categorizer(), s.detector(), s.forecaster(), byCat);
  }

  /**
   * Every account of the snapshot (for the filter menu), whatever the filter.
   *
   * @param s the snapshot
   * @return the accounts, sorted
   */
  static List<String> allAccounts(Session.Snapshot s) {
    return s.raw().stream().map(Transaction::account).distinct().sorted().toList();
  }

  static Summary empty() {
    return new Summary(false, null, null, 0, 0, List.of(), 0, null, null, null, null, List.of(), List.of(), null, 0,
        BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0, 0, 0, 0, 0, null, null, null, List.of());
  }

  /** The currency most of the data is in: sums and charts are in it (other currencies are counted, not summed). */
  private static String currency(Session.Snapshot s) {
    return s.mainCurrency();
  }

  static ForecastView forecast(Session.Snapshot s, Filter f) {
    TimeSeries h;
    Forecast fc;
    if (f.isNone()) {
      h = s.totalHistory();
      fc = s.totalForecast();
    } else {
      String cur = currency(s);
      h = s.result().spending().monthlyTotal(kept(s, f).stream()
          .filter(t -> t.amount().currency().getCurrencyCode().equals(cur)).toList()).orElse(null);
      fc = h == null || h.size() < 2 ? null : s.spendingForecaster().forecast(h, Session.HORIZON, Session.LEVEL);
    }
    List<MonthPoint> history = new ArrayList<>();
    if (h != null) {
      for (int i = 0; i < h.size(); i++) {
        history.add(new MonthPoint(h.periodStart(i).toString(), money(h.values().get(i))));
      }
    }
    List<BandPoint> band = new ArrayList<>();
    if (fc != null) {
      for (ForecastPoint p : fc.points()) {
        band.add(new BandPoint(p.periodStart().toString(), money(p.mean()), money(p.lower()), money(p.upper())));
      }
    }
    List<CategoryForecast> next = new ArrayList<>();
    if (f.isNone()) {
      s.result().forecasts().forEach((primary, cf) -> {
        if (!cf.points().isEmpty()) {
          ForecastPoint p = cf.points().get(0);
          next.add(new CategoryForecast(primary, label(Category.of(primary)), money(p.mean()), money(p.lower()),
              money(p.upper()), cf.model()));
        }
      });
      next.sort(Comparator.comparing(CategoryForecast::mean).reversed());
    }
    String currency = h != null ? h.currency().getCurrencyCode() : currency(s);
    return new ForecastView(currency, Session.LEVEL, fc == null ? null : fc.model(), history, band, next);
  }

  /** Income and expenses per calendar month of the filtered rows, transfers between own accounts left out. */
  static IncomeView income(Session.Snapshot s, Filter f) {
    Spending sp = s.result().spending();
    Map<YearMonth, BigDecimal[]> by = new TreeMap<>();
    BigDecimal in = BigDecimal.ZERO;
    BigDecimal out = BigDecimal.ZERO;
    int internal = 0;
    String cur = currency(s);
    for (Transaction t : kept(s, f)) {
      if (!t.amount().currency().getCurrencyCode().equals(cur)) {
        continue;
      }
      BigDecimal[] m = by.computeIfAbsent(YearMonth.from(t.bookingDate()), k -> new BigDecimal[] {
          BigDecimal.ZERO, BigDecimal.ZERO});
      if (sp.isIncome(t)) {
        m[0] = m[0].add(t.amount().amount());
        in = in.add(t.amount().amount());
      } else if (sp.isSpending(t)) {
        m[1] = m[1].add(t.amount().amount().negate());
        out = out.add(t.amount().amount().negate());
      } else if (sp.isInternal(t)) {
        internal++;
      }
    }
    List<IncomeMonth> months = new ArrayList<>();
    by.forEach((ym, v) -> months.add(new IncomeMonth(ym.toString(), money(v[0]), money(v[1]), money(v[0].subtract(v[1])))));
    return new IncomeView(currency(s), months, money(in), money(out), internal);
  }

  /**
   * Recurring bills (money out that repeats and has not stopped) of the filtered accounts, by next date;
   * transfers between own accounts are not bills.
   */
  static List<Bill> bills(Session.Snapshot s, Filter f) {
    List<Transaction> history = new ArrayList<>();
    Spending sp = s.result().spending();
    for (Transaction t : s.result().transactions()) {
      if ((f.account() == null || f.account().equals(t.account())) && (f.to() == null || !t.bookingDate().isAfter(f.to()))
          && !sp.isInternal(t)) {
        history.add(t);
      }
    }
    // each account is judged at its own last date: a statement of another account that runs later
    // must not make this account's bills look stopped
    Map<String, List<Transaction>> byAccount = new TreeMap<>();
    for (Transaction t : history) {
      byAccount.computeIfAbsent(t.account(), k -> new ArrayList<>()).add(t);
    }
    List<RecurringSeries> series = new ArrayList<>();
    RecurringDetector detector = RecurringDetector.defaults();
    byAccount.values().forEach(h -> series.addAll(detector.detect(h)));
    List<Bill> out = new ArrayList<>();
    for (RecurringSeries r : series) {
      if (r.stopped() || r.incoming()) {
        continue;
      }
      Transaction last = r.transactions().getLast();
      if (f.category() != null && !new Filter(null, null, null, f.category()).accepts(last)) {
        continue;
      }
      out.add(new Bill(r.account(), r.merchant(), r.cadence().name().toLowerCase(Locale.ROOT),
          money(r.expectedAmount().amount().negate()), r.expectedAmount().currency().getCurrencyCode(),
          r.expectedNext().toString(), r.lastDate().toString(), r.fixedAmount(), r.transactions().size()));
    }
    out.sort(Comparator.comparing(Bill::next).thenComparing(Bill::merchant));
    return out;
  }

  /**
   * The projected balance of one account for {@value #CASH_DAYS} days and the first day it is
   * expected below the threshold: the filter's account, else the account with the most
   * transactions whose latest transaction carries a running balance.
   */
  static CashFlowView cashFlow(Session.Snapshot s, Filter f, BigDecimal threshold) {
    Map<String, List<Transaction>> byAccount = new TreeMap<>();
    for (Transaction t : s.result().transactions()) {
      if (f.to() == null || !t.bookingDate().isAfter(f.to())) {
        byAccount.computeIfAbsent(t.account(), k -> new ArrayList<>()).add(t);
      }
    }
    String account = f.account();
    if (account == null) {
      account = byAccount.entrySet().stream().filter(e -> latest(e.getValue()).findBalance().isPresent())
          .max(Comparator.comparingInt(e -> e.getValue().size())).map(Map.Entry::getKey).orElse(null);
    }
    List<Transaction> history = account == null ? List.of() : byAccount.getOrDefault(account, List.of());
    if (history.isEmpty() || latest(history).findBalance().isEmpty()) {
      return new CashFlowView(account, currency(s), threshold, Session.LEVEL, null, null, null, null, List.of(), List.of(),
          account == null ? "no account carries a running balance: a cash-flow projection needs one"
              : "the latest transaction of " + account + " carries no running balance");
    }
    Transaction last = latest(history);
    Money limit = new Money(threshold, last.amount().currency());
    // start from the running balance after the statement's last row of the last day (file line order:
    // the store keeps the line, not the order of rows within a day)
    CashFlowForecast cf = new CashFlowForecaster(s.flowForecaster(), RecurringDetector.defaults())
        .forecast(history, last.findBalance().orElseThrow(), last.bookingDate().plusDays(1), CASH_DAYS, limit,
            Session.LEVEL);
    List<DayPoint> path = new ArrayList<>();
    for (BalancePoint p : cf.path()) {
      path.add(new DayPoint(p.date().toString(), money(p.expected().amount()), money(p.lower().amount()),
          money(p.upper().amount())));
    }
    List<Payment> upcoming = new ArrayList<>();
    for (ExpectedPayment e : cf.recurring()) {
      if (upcoming.size() < 12) {
        upcoming.add(new Payment(e.date().toString(), e.merchant(), money(e.amount().amount())));
      }
    }
    BigDecimal start = last.findBalance().orElseThrow().amount();
    return new CashFlowView(account, last.amount().currency().getCurrencyCode(), money(threshold), Session.LEVEL,
        cf.residualModel(), money(start), cf.findFirstBelow().map(LocalDate::toString).orElse(null),
        cf.findFirstLowerBelow().map(LocalDate::toString).orElse(null), path, upcoming,
        start.compareTo(threshold) < 0 ? "the balance is already below the threshold" : null);
  }

  /** The last row of the last day: by date, then by line within the same statement file. */
  private static Transaction latest(List<Transaction> txs) {
    return txs.stream().max(Comparator.comparing(Transaction::bookingDate)
        .thenComparing(t -> t.provenance().source()).thenComparingLong(t -> t.provenance().line())).orElseThrow();
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

  static BigDecimal money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
