package dev.pfms.core.anomaly;

import dev.pfms.api.io.ModelInput;
import dev.pfms.api.io.ModelOutput;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.CompactTransactions;
import dev.pfms.api.model.Transaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Per-transaction features measured against a history, shared by every anomaly detector.
 *
 * <p>{@link #fit} summarises a history (robust statistics of {@code ln|amount|} per merchant,
 * category and account, each split by direction; every merchant's visit timeline; the usual
 * currency). {@link #extract} then turns transactions into {@link FeatureRow}s. Transactions may be
 * the history itself (each is then measured against a history that includes it, which robust
 * statistics tolerate) or new ones (their timeline merges with the history's, so a duplicate charge
 * inside the new batch is still seen). Immutable and thread-safe.
 */
public final class TransactionFeatures {

  /** Descriptions that say the payment was in a foreign currency even when booked in the home one. */
  private static final Pattern FOREIGN_HINT = Pattern.compile(
      "(?i)\\b(NON[- ]?STERLING|FOREIGN|FX FEE|INT'?L TRANSACTION|CURRENCY CONVERSION)\\b");
  /** Floors on the log-amount scale: about 5% variation at one merchant is never "many deviations". */
  private static final double MERCHANT_MIN_SCALE = 0.05;
  /** A category mixes merchants: its spread is at least about 25%. */
  private static final double CATEGORY_MIN_SCALE = 0.25;
  /** An account mixes everything (coffee and rent): its spread is at least a factor e. */
  private static final double ACCOUNT_MIN_SCALE = 1.0;
  private static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::day).thenComparingInt(Event::seq);

  private final Options options;
  private final Currency homeCurrency;
  private final long firstDay;
  private final long lastDay;
  private final Map<String, KeyStats> merchantStats;
  private final Map<String, KeyStats> categoryStats;
  private final Map<String, KeyStats> accountStats;
  private final Map<String, Event[]> timelines;
  private final IdIndex historySeq;
  private final int historySize;
  private final java.util.concurrent.atomic.LongAdder extractions = new java.util.concurrent.atomic.LongAdder();

  /**
   * Options of the feature engineering.
   *
   * @param duplicateWindowDays how many days back an identical charge counts as a duplicate (≥ 0)
   * @param minHistory how many history transactions a merchant or category needs before its
   *     statistics are used (≥ 2)
   * @param warmupDays days after the history starts during which a first visit is not "new"
   */
  public record Options(int duplicateWindowDays, int minHistory, int warmupDays) {

    /** Validates the values. */
    public Options {
      if (duplicateWindowDays < 0) {
        throw new IllegalArgumentException("duplicateWindowDays must be >= 0: " + duplicateWindowDays);
      }
      if (minHistory < 2) {
        throw new IllegalArgumentException("minHistory must be >= 2: " + minHistory);
      }
      if (warmupDays < 0) {
        throw new IllegalArgumentException("warmupDays must be >= 0: " + warmupDays);
      }
    }

    /**
     * The defaults: a 3-day duplicate window, 3 transactions of history, 30 days of warm-up.
     *
     * @return the defaults
     */
    public static Options defaults() {
      return new Options(3, 3, 30);
    }
  }

  /**
   * One history row of a merchant: its day, its position, and its amount as an unscaled {@code long}
   * with its scale when it fits (the usual case: ~40 bytes an event instead of ~72 with a
   * {@link BigDecimal}; ADR 0026), else as the {@code BigDecimal} itself in {@code big}.
   */
  private record Event(long day, int seq, long unscaled, int scale, BigDecimal big) {

    /** The search key for {@link #ORDER}: a day and position without an amount. */
    static Event key(long day, int seq) {
      return new Event(day, seq, 0, 0, null);
    }

    static Event of(long day, int seq, BigDecimal amount) {
      java.math.BigInteger u = amount.unscaledValue();
      return u.bitLength() <= 63 ? new Event(day, seq, u.longValue(), amount.scale(), null)
          : new Event(day, seq, 0, 0, amount);
    }

    /** The amount, equal to the one given, scale included. */
    BigDecimal amount() {
      return big != null ? big : BigDecimal.valueOf(unscaled, scale);
    }

    /** Whether the amount equals {@code other} in value ({@code compareTo}), without a BigDecimal when it can. */
    boolean sameAmount(BigDecimal other, long otherUnscaled, int otherScale, boolean otherFits) {
      if (big == null && otherFits && scale == otherScale) {
        return unscaled == otherUnscaled;
      }
      return amount().compareTo(other) == 0;
    }
  }

  /** Robust statistics of one key plus its usual absolute amount and weekday counts. */
  private record KeyStats(RobustStats log, BigDecimal usual, int[] weekdays) {}

  private TransactionFeatures(Options options, Currency homeCurrency, long firstDay, long lastDay,
      Map<String, KeyStats> merchantStats, Map<String, KeyStats> categoryStats,
      Map<String, KeyStats> accountStats, Map<String, Event[]> timelines, IdIndex historySeq,
      int historySize) {
    this.options = options;
    this.homeCurrency = homeCurrency;
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    this.merchantStats = merchantStats;
    this.categoryStats = categoryStats;
    this.accountStats = accountStats;
    this.timelines = timelines;
    this.historySeq = historySeq;
    this.historySize = historySize;
  }

  /**
   * Summarises a history.
   *
   * @param history the transactions (at least one)
   * @param options the options
   * @return the fitted features
   * @throws IllegalArgumentException when the history is empty
   */
  public static TransactionFeatures fit(List<Transaction> history, Options options) {
    Objects.requireNonNull(options, "options");
    if (history.isEmpty()) {
      throw new IllegalArgumentException("cannot learn features from an empty history");
    }
    Map<Currency, Integer> currencies = new HashMap<>();
    // groups hold row indices, not the rows: a compact history's rows are built on demand (ADR 0019)
    Map<String, Ints> byMerchant = new HashMap<>();
    Map<String, Ints> byCategory = new HashMap<>();
    Map<String, Ints> byAccount = new HashMap<>();
    Map<String, List<Event>> timeline = new HashMap<>();
    IdIndex seq = new IdIndex(history.size());
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    Columns row = new Columns(history);
    for (int i = 0; i < history.size(); i++) {
      row.load(i);
      currencies.merge(row.currency, 1, Integer::sum);
      long day = row.date.toEpochDay();
      first = Math.min(first, day);
      last = Math.max(last, day);
      seq.putIfAbsent(row.id, i);
      String dir = row.amount.signum() > 0 ? "+" : "-";
      if (!row.merchant.isBlank()) {
        byMerchant.computeIfAbsent(dir + row.merchant, k -> new Ints()).add(i);
        timeline.computeIfAbsent(row.merchant, k -> new ArrayList<>()).add(Event.of(day, i, row.amount));
      }
      Category category = row.category();
      if (category != null) {
        byCategory.computeIfAbsent(dir + category.code(), k -> new Ints()).add(i);
      }
      byAccount.computeIfAbsent(dir + row.account, k -> new Ints()).add(i);
    }
    Currency home = currencies.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    Map<String, Event[]> timelines = new HashMap<>();
    timeline.forEach((k, v) -> {
      Event[] a = v.toArray(new Event[0]);
      Arrays.sort(a, ORDER);
      timelines.put(k, a);
    });
    return new TransactionFeatures(options, home, first, last, stats(history, byMerchant, MERCHANT_MIN_SCALE),
        stats(history, byCategory, CATEGORY_MIN_SCALE), stats(history, byAccount, ACCOUNT_MIN_SCALE), timelines, seq,
        history.size());
  }

  /** A growing list of row indices. */
  private static final class Ints {
    int[] a = new int[4];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }
  }

  private static Map<String, KeyStats> stats(List<Transaction> history, Map<String, Ints> groups, double minScale) {
    Map<String, KeyStats> out = new HashMap<>(groups.size() * 2);
    // a compact history's amount and date are read from their columns: no row is built (ADR 0026)
    java.util.function.IntFunction<BigDecimal> amountOf = history instanceof CompactTransactions c ? c::amount
        : i -> history.get(i).amount().amount();
    java.util.function.IntFunction<LocalDate> dateOf = history instanceof CompactTransactions c ? c::bookingDate
        : i -> history.get(i).bookingDate();
    groups.forEach((k, g) -> {
      double[] logs = new double[g.n];
      BigDecimal[] abs = new BigDecimal[g.n];
      int[] weekdays = new int[7];
      for (int i = 0; i < logs.length; i++) {
        abs[i] = amountOf.apply(g.a[i]).abs();
        logs[i] = logAbs(abs[i]);
        weekdays[dateOf.apply(g.a[i]).getDayOfWeek().getValue() - 1]++;
      }
      Arrays.sort(abs);
      BigDecimal usual = abs[abs.length / 2];
      out.put(k, new KeyStats(RobustStats.of(logs, logs.length, minScale), usual, weekdays));
    });
    return out;
  }

  private static String direction(Transaction t) {
    return t.amount().signum() > 0 ? "+" : "-";
  }

  private static double logAbs(BigDecimal abs) {
    return Math.log(Math.max(abs.doubleValue(), 0.01));
  }

  /**
   * The options these features were fitted with.
   *
   * @return the options
   */
  public Options options() {
    return options;
  }

  /**
   * The most frequent currency of the history.
   *
   * @return the currency
   */
  public Currency homeCurrency() {
    return homeCurrency;
  }

  /**
   * The features of transactions against the history.
   *
   * @param transactions the transactions (history ones, new ones, or a mix)
   * @return one row per transaction, in order
   */
  public List<FeatureRow> extract(List<Transaction> transactions) {
    Extraction e = extraction(transactions);
    List<FeatureRow> rows = new ArrayList<>(transactions.size());
    for (int i = 0; i < transactions.size(); i++) {
      rows.add(e.row(i));
    }
    return rows;
  }

  /**
   * The rows of {@link #extract} one at a time, on demand and in any order, so that a long history
   * need not be held as a list of rows (ADR 0019): {@code extraction(ts).row(i)} equals
   * {@code extract(ts).get(i)}. Counts as one extraction.
   *
   * @param transactions the transactions (history ones, new ones, or a mix); not copied, do not modify
   * @return the extraction
   */
  public Extraction extraction(List<Transaction> transactions) {
    extractions.increment();
    return new Extraction(transactions, mergeTimelines(transactions));
  }

  /** Feature rows of one list of transactions, built on demand. Thread-safe. */
  public final class Extraction {
    private final List<Transaction> transactions;
    private final Map<String, Event[]> merged;

    private Extraction(List<Transaction> transactions, Map<String, Event[]> merged) {
      this.transactions = transactions;
      this.merged = merged;
    }

    /**
     * The number of rows.
     *
     * @return the number of transactions
     */
    public int size() {
      return transactions.size();
    }

    /**
     * One transaction.
     *
     * @param i its index
     * @return the transaction
     */
    public Transaction transaction(int i) {
      return transactions.get(i);
    }

    /**
     * One row.
     *
     * @param i the transaction's index
     * @return its features
     */
    public FeatureRow row(int i) {
      Transaction t = transactions.get(i);
      int s = historySeq.get(t.id());
      return TransactionFeatures.this.row(t, s >= 0 ? s : historySize + i, merged);
    }
  }

  /**
   * The feature values of rows as a matrix, for a model.
   *
   * @param rows the rows
   * @return one array per row (shared with the rows: do not modify)
   */
  public static double[][] matrix(List<FeatureRow> rows) {
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = rows.get(i).values();
    }
    return x;
  }

  private Map<String, Event[]> mergeTimelines(List<Transaction> transactions) {
    Map<String, List<Event>> extra = null;
    Columns row = new Columns(transactions);
    for (int i = 0; i < transactions.size(); i++) {
      row.load(i);
      if (row.merchant.isBlank() || historySeq.get(row.id) >= 0) {
        continue;
      }
      if (extra == null) {
        extra = new HashMap<>();
      }
      extra.computeIfAbsent(row.merchant, k -> new ArrayList<>())
          .add(Event.of(row.date.toEpochDay(), historySize + i, row.amount));
    }
    if (extra == null) {
      return timelines;
    }
    Map<String, Event[]> merged = new HashMap<>(timelines);
    extra.forEach((m, evs) -> {
      Event[] old = timelines.getOrDefault(m, new Event[0]);
      Event[] a = Arrays.copyOf(old, old.length + evs.size());
      for (int j = 0; j < evs.size(); j++) {
        a[old.length + j] = evs.get(j);
      }
      Arrays.sort(a, ORDER);
      merged.put(m, a);
    });
    return merged;
  }

  private FeatureRow row(Transaction t, int seq, Map<String, Event[]> merged) {
    double[] v = new double[Feature.count()];
    BigDecimal abs = t.amount().amount().abs();
    double logAmt = logAbs(abs);
    String dir = direction(t);
    long day = t.bookingDate().toEpochDay();
    v[Feature.LOG_AMOUNT.ordinal()] = Math.log1p(abs.doubleValue());
    v[Feature.INCOMING.ordinal()] = t.amount().signum() > 0 ? 1 : 0;

    KeyStats ms = t.merchant().isBlank() ? null : merchantStats.get(dir + t.merchant());
    int mCount = ms == null ? 0 : ms.log().count();
    if (ms != null && mCount >= options.minHistory()) {
      v[Feature.MERCHANT_Z.ordinal()] = ms.log().z(logAmt);
      v[Feature.MERCHANT_LOG_RATIO.ordinal()] = logAmt - logAbs(ms.usual());
    }
    int wd = t.bookingDate().getDayOfWeek().getValue() - 1;
    v[Feature.WEEKDAY_SHARE.ordinal()] = ms == null ? 1.0 : (ms.weekdays()[wd] + 1.0) / (mCount + 7.0) * 7.0;

    KeyStats cs = t.category() == null ? null : categoryStats.get(dir + t.category().code());
    int cCount = cs == null ? 0 : cs.log().count();
    if (cs != null && cCount >= options.minHistory()) {
      v[Feature.CATEGORY_Z.ordinal()] = cs.log().z(logAmt);
    }
    KeyStats as = accountStats.get(dir + t.account());
    int aCount = as == null ? 0 : as.log().count();
    if (as != null && aCount >= options.minHistory()) {
      v[Feature.ACCOUNT_Z.ordinal()] = as.log().z(logAmt);
    }

    LocalDate previous = null;
    LocalDate duplicateOf = null;
    int duplicates = 0;
    Event[] tl = t.merchant().isBlank() ? null : merged.get(t.merchant());
    if (tl != null) {
      int pos = Arrays.binarySearch(tl, Event.key(day, seq), ORDER);
      int before = pos >= 0 ? pos : -pos - 1;
      if (before > 0) {
        previous = LocalDate.ofEpochDay(tl[before - 1].day());
      }
      BigDecimal amt = t.amount().amount();
      java.math.BigInteger amtUnscaled = amt.unscaledValue();
      boolean amtFits = amtUnscaled.bitLength() <= 63;
      long amtLong = amtFits ? amtUnscaled.longValue() : 0;
      for (int j = before - 1; j >= 0 && tl[j].day() >= day - options.duplicateWindowDays(); j--) {
        if (tl[j].sameAmount(amt, amtLong, amt.scale(), amtFits)) {
          duplicates++;
          if (duplicateOf == null) {
            duplicateOf = LocalDate.ofEpochDay(tl[j].day());
          }
        }
      }
    }
    long span = Math.max(1, Math.max(lastDay, day) - firstDay);
    long gap = previous == null ? span : day - previous.toEpochDay();
    v[Feature.LOG_DAYS_SINCE_MERCHANT.ordinal()] = Math.log1p(Math.max(0, gap));
    v[Feature.NEW_MERCHANT.ordinal()] =
        previous == null && !t.merchant().isBlank() && day - firstDay >= options.warmupDays() ? 1 : 0;
    v[Feature.DUPLICATE_COUNT.ordinal()] = duplicates;
    boolean foreign = !t.amount().currency().equals(homeCurrency) || foreignHint(t.description());
    v[Feature.FOREIGN_CURRENCY.ordinal()] = foreign ? 1 : 0;
    v[Feature.ROUND_AMOUNT.ordinal()] = roundness(abs);

    return new FeatureRow(t, v, mCount, ms == null ? BigDecimal.ZERO : ms.usual(),
        t.category() == null ? "" : t.category().code(), cCount, cs == null ? BigDecimal.ZERO : cs.usual(),
        aCount, as == null ? BigDecimal.ZERO : as.usual(), homeCurrency, previous, duplicateOf);
  }

  /**
   * Whether a description says the payment was foreign: {@link #FOREIGN_HINT}, run only on the
   * descriptions that hold one of its words (a match needs one, as ASCII letters in any case), so
   * that the answer is the regex's own.
   */
  static boolean foreignHint(String s) {
    return mayHintForeign(s) && FOREIGN_HINT.matcher(s).find();
  }

  /** A necessary condition of {@link #FOREIGN_HINT}: every alternative holds one of these words. */
  static boolean mayHintForeign(String s) {
    for (int k = 0, n = s.length() - 5; k < n; k++) {
      int c = s.charAt(k) | 0x20;
      if (c == 's' && s.regionMatches(true, k, "sterling", 0, 8)
          || c == 'f' && (s.regionMatches(true, k, "foreign", 0, 7) || s.regionMatches(true, k, "fx fee", 0, 6))
          || c == 't' && s.regionMatches(true, k, "transaction", 0, 11)
          || c == 'c' && s.regionMatches(true, k, "conversion", 0, 10)) {
        return true;
      }
    }
    return false;
  }

  static boolean foreignHintByRegex(String s) {
    return FOREIGN_HINT.matcher(s).find();
  }

  static double roundness(BigDecimal abs) {
    if (abs.signum() == 0) {
      return 0;
    }
    boolean whole = abs.stripTrailingZeros().scale() <= 0;
    if (!whole) {
      return 0;
    }
    if (abs.compareTo(BigDecimal.valueOf(50)) >= 0 && abs.remainder(BigDecimal.TEN).signum() == 0) {
      return 1;
    }
    return abs.compareTo(BigDecimal.TEN) >= 0 ? 0.5 : 0;
  }


  /**
   * How many times {@link #extract} ran on this instance: a diagnostic, e.g. to check that fitting
   * and scoring one history extracts its features once.
   *
   * @return the count
   */
  public long extractions() {
    return extractions.sum();
  }

  /**
   * Writes the fitted statistics, for a saved anomaly model. They hold the history's merchant,
   * category and account names, the transaction ids and each merchant's visit dates and amounts:
   * protect a saved model like the ledger it came from.
   *
   * @param out where to write
   * @throws IOException on write failure
   */
  public void write(ModelOutput out) throws IOException {
    out.writeInt(options.duplicateWindowDays());
    out.writeInt(options.minHistory());
    out.writeInt(options.warmupDays());
    out.writeUTF(homeCurrency.getCurrencyCode());
    out.data().writeLong(firstDay);
    out.data().writeLong(lastDay);
    out.writeInt(historySize);
    for (Map<String, KeyStats> m : List.of(merchantStats, categoryStats, accountStats)) {
      List<String> keys = new ArrayList<>(m.keySet());
      java.util.Collections.sort(keys);
      out.writeInt(keys.size());
      for (String k : keys) {
        KeyStats ks = m.get(k);
        out.writeUTF(k);
        out.writeInt(ks.log().count());
        out.writeDouble(ks.log().median());
        out.writeDouble(ks.log().scale());
        writeAmount(out, ks.usual());
        for (int w : ks.weekdays()) {
          out.writeInt(w);
        }
      }
    }
    List<String> merchants = new ArrayList<>(timelines.keySet());
    java.util.Collections.sort(merchants);
    out.writeInt(merchants.size());
    for (String k : merchants) {
      Event[] evs = timelines.get(k);
      out.writeUTF(k);
      out.writeInt(evs.length);
      for (Event e : evs) {
        out.data().writeLong(e.day());
        out.writeInt(e.seq());
        writeAmount(out, e.amount());
      }
    }
    List<Map.Entry<String, Integer>> ids = historySeq.entriesByPosition();
    out.writeInt(ids.size());
    for (Map.Entry<String, Integer> e : ids) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue());
    }
  }

  private static void writeAmount(ModelOutput out, BigDecimal v) throws IOException {
    if (v.unscaledValue().bitLength() > 62 || v.scale() < 0 || v.scale() > 18) {
      throw new IOException("amount " + v.toPlainString() + " cannot be saved (more than 18 digits)");
    }
    out.data().writeLong(v.unscaledValue().longValueExact());
    out.writeInt(v.scale());
  }

  private static BigDecimal readAmount(ModelInput in) {
    long unscaled = in.readLong();
    int scale = in.readInt("amount scale", 0, 18);
    return BigDecimal.valueOf(unscaled, scale);
  }

  /**
   * Reads statistics written by {@link #write}, checking every count against the bytes left.
   *
   * @param in the model file
   * @return the fitted features
   * @throws dev.pfms.api.ModelException when the bytes are not valid statistics
   */
  public static TransactionFeatures read(ModelInput in) {
    Options options;
    try {
      options = new Options(in.readInt(), in.readInt(), in.readInt());
    } catch (IllegalArgumentException e) {
      throw in.corrupt("feature options: " + e.getMessage());
    }
    Currency home;
    try {
      home = Currency.getInstance(in.readUTF());
    } catch (IllegalArgumentException e) {
      throw in.corrupt("unknown home currency");
    }
    long first = in.readLong();
    long last = in.readLong();
    int historySize = in.readInt("history size", 1, Integer.MAX_VALUE);
    List<Map<String, KeyStats>> stats = new ArrayList<>(3);
    double[] minScales = {MERCHANT_MIN_SCALE, CATEGORY_MIN_SCALE, ACCOUNT_MIN_SCALE};
    for (int s = 0; s < 3; s++) {
      int n = in.readCount("statistics", 2 + 4 + 16 + 12 + 28);
      Map<String, KeyStats> m = new HashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        String k = in.readUTF();
        int count = in.readInt("statistics count", 0, historySize);
        double median = in.readFinite("median");
        double scale = in.readFinite("scale");
        if (!(scale >= minScales[s])) {
          throw in.corrupt("scale " + scale + " below its floor");
        }
        BigDecimal usual = readAmount(in);
        int[] weekdays = new int[7];
        for (int w = 0; w < 7; w++) {
          weekdays[w] = in.readInt("weekday count", 0, historySize);
        }
        m.put(k, new KeyStats(new RobustStats(count, median, scale), usual, weekdays));
      }
      stats.add(m);
    }
    int nm = in.readCount("timelines", 2 + 4);
    Map<String, Event[]> timelines = new HashMap<>(nm * 2);
    for (int i = 0; i < nm; i++) {
      String k = in.readUTF();
      Event[] evs = new Event[in.readCount("timeline events", 8 + 4 + 12)];
      for (int j = 0; j < evs.length; j++) {
        long day = in.readLong();
        if (day < LocalDate.MIN.toEpochDay() || day > LocalDate.MAX.toEpochDay()) {
          throw in.corrupt("event day " + day + " is not a date");
        }
        evs[j] = Event.of(day, in.readInt(), readAmount(in));
        if (j > 0 && ORDER.compare(evs[j - 1], evs[j]) > 0) {
          throw in.corrupt("timeline of a merchant is not in order");
        }
      }
      timelines.put(k, evs);
    }
    int ni = in.readCount("history ids", 2 + 4);
    IdIndex seq = new IdIndex(ni);
    for (int i = 0; i < ni; i++) {
      seq.putIfAbsent(in.readUTF(), in.readInt("history position", 0, historySize - 1));
    }
    if (first > last) {
      throw in.corrupt("history ends before it starts");
    }
    return new TransactionFeatures(options, home, first, last, stats.get(0), stats.get(1), stats.get(2),
        timelines, seq, historySize);
  }

  /**
   * The columns of one row that the history passes read, loaded from a compact list's columns (no
   * {@link Transaction}, no description decoded: ADR 0026) or from a built row. One per pass and thread.
   */
  private static final class Columns {
    private final List<Transaction> list;
    private final CompactTransactions compact;
    private int index;
    private Transaction built;
    String id;
    String merchant;
    String account;
    Currency currency;
    BigDecimal amount;
    LocalDate date;

    Columns(List<Transaction> list) {
      this.list = list;
      this.compact = list instanceof CompactTransactions c ? c : null;
    }

    void load(int i) {
      index = i;
      if (compact != null) {
        id = compact.id(i);
        merchant = compact.merchant(i);
        account = compact.account(i);
        currency = compact.currency(i);
        amount = compact.amount(i);
        date = compact.bookingDate(i);
      } else {
        built = list.get(i);
        id = built.id();
        merchant = built.merchant();
        account = built.account();
        currency = built.amount().currency();
        amount = built.amount().amount();
        date = built.bookingDate();
      }
    }

    Category category() {
      return compact != null ? compact.category(index) : built.category();
    }
  }

  /**
   * SHA-256 (hex) over the ids of a history, in order: the {@code trainingHash} of an anomaly
   * model's metadata.
   *
   * @param history the transactions
   * @return the hash
   */
  public static String historyHash(List<Transaction> history) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < history.size(); i++) {
        String id = history instanceof CompactTransactions c ? c.id(i) : history.get(i).id();
        md.update(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
