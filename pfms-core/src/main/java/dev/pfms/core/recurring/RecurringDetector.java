package dev.pfms.core.recurring;

import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds recurring series in a history. Immutable and thread-safe.
 *
 * <p>Transactions are grouped by account, payee and direction. Within a group, amounts are
 * clustered (neighbours within the amount tolerance), and a cluster whose dates follow one
 * {@link Cadence} (gaps inside the cadence's jitter window; a missed period is tolerated, and a
 * payment far too soon, such as a duplicate charge, is left out as noise) becomes a fixed-amount
 * series. A fixed series is then extended forward by later payments on the same cadence at another
 * amount, which records a {@link PriceChange}; two fixed series of one payee that follow each other
 * on the same cadence are merged the same way. What is left of a group can still form a
 * variable-amount series (a utility bill) when its dates are regular and its amounts vary by less
 * than the variable tolerance.
 */
public final class RecurringDetector {

  private final double amountTolerance;
  private final double variableTolerance;
  private final int minOccurrences;

  private RecurringDetector(Builder b) {
    this.amountTolerance = b.amountTolerance;
    this.variableTolerance = b.variableTolerance;
    this.minOccurrences = b.minOccurrences;
  }

  /**
   * A builder with the defaults: 5% amount tolerance, 35% variable tolerance, 3 occurrences.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A detector with the defaults.
   *
   * @return the detector
   */
  public static RecurringDetector defaults() {
    return builder().build();
  }

  /**
   * Detects series, judging "stopped" at the latest date in the history.
   *
   * @param history the transactions (any order, any accounts)
   * @return the series, by account and payee
   */
  public List<RecurringSeries> detect(List<Transaction> history) {
    LocalDate asOf = history.stream().map(Transaction::bookingDate).max(Comparator.naturalOrder())
        .orElse(LocalDate.MIN);
    return detect(history, asOf);
  }

  /**
   * Detects series, judging "stopped" at a given date.
   *
   * @param history the transactions (any order, any accounts)
   * @param asOf the date at which an overdue series counts as stopped
   * @return the series, by account and payee
   */
  public List<RecurringSeries> detect(List<Transaction> history, LocalDate asOf) {
    Map<String, List<Transaction>> groups = new LinkedHashMap<>();
    List<Transaction> sorted = new ArrayList<>(history);
    sorted.sort(Comparator.comparing(Transaction::bookingDate));
    for (Transaction t : sorted) {
      if (t.merchant().isBlank() || t.amount().signum() == 0) {
        continue;
      }
      String key = t.account() + '\u0000' + t.merchant() + '\u0000' + (t.amount().signum() > 0 ? '+' : '-');
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
    }
    List<RecurringSeries> out = new ArrayList<>();
    for (List<Transaction> g : groups.values()) {
      if (g.size() >= 2) {
        detectGroup(g, asOf, out);
      }
    }
    out.sort(Comparator.comparing(RecurringSeries::account).thenComparing(RecurringSeries::merchant)
        .thenComparing(RecurringSeries::lastDate));
    return out;
  }

  private record Fit(Cadence cadence, List<Transaction> kept, int matches) {}

  private void detectGroup(List<Transaction> group, LocalDate asOf, List<RecurringSeries> out) {
    Set<Transaction> used = new HashSet<>();
    List<List<Transaction>> fixed = new ArrayList<>();
    List<Cadence> cadences = new ArrayList<>();
    for (List<Transaction> cluster : clusters(group)) {
      Optional<Fit> f = bestFit(cluster);
      if (f.isPresent()) {
        fixed.add(new ArrayList<>(f.get().kept()));
        cadences.add(f.get().cadence());
        used.addAll(f.get().kept());
      }
    }
    // merge fixed series of one payee that follow each other on the same cadence (a price change)
    boolean merged = true;
    while (merged) {
      merged = false;
      outer:
      for (int i = 0; i < fixed.size(); i++) {
        for (int j = 0; j < fixed.size(); j++) {
          if (i == j || cadences.get(i) != cadences.get(j)) {
            continue;
          }
          List<Transaction> a = fixed.get(i);
          List<Transaction> b = fixed.get(j);
          long gap = ChronoUnit.DAYS.between(a.getLast().bookingDate(), b.getFirst().bookingDate());
          if (gap >= cadences.get(i).minGap() && gap <= cadences.get(i).maxGap()) {
            a.addAll(b);
            fixed.remove(j);
            cadences.remove(j);
            merged = true;
            break outer;
          }
        }
      }
    }
    for (int i = 0; i < fixed.size(); i++) {
      List<Transaction> s = fixed.get(i);
      extend(s, group, used, cadences.get(i));
      // a cluster chained through many nearby amounts (a utility bill) is a variable series
      boolean fixedAmount = s.size() < 3 || spreadAroundLevels(s) <= amountTolerance / 2;
      out.add(series(s, cadences.get(i), fixedAmount, asOf));
    }
    List<Transaction> rest = new ArrayList<>();
    for (Transaction t : group) {
      if (!used.contains(t)) {
        rest.add(t);
      }
    }
    if (rest.size() >= minOccurrences) {
      Optional<Fit> f = bestFit(rest);
      if (f.isPresent() && f.get().kept().size() >= minOccurrences && spread(f.get().kept()) <= variableTolerance) {
        out.add(series(f.get().kept(), f.get().cadence(), false, asOf));
      }
    }
  }

  /** Adds later unassigned payments of the group that continue the cadence (a price change). */
  private void extend(List<Transaction> s, List<Transaction> group, Set<Transaction> used, Cadence c) {
    for (Transaction t : group) {
      if (used.contains(t) || !t.bookingDate().isAfter(s.getLast().bookingDate())) {
        continue;
      }
      long gap = ChronoUnit.DAYS.between(s.getLast().bookingDate(), t.bookingDate());
      if (gap >= c.minGap() && gap <= c.maxGap()) {
        s.add(t);
        used.add(t);
      }
    }
  }

  /** Neighbouring absolute amounts within the tolerance form a cluster; each cluster in date order. */
  private List<List<Transaction>> clusters(List<Transaction> group) {
    List<Transaction> byAmount = new ArrayList<>(group);
    byAmount.sort(Comparator.comparing(t -> t.amount().amount().abs()));
    List<List<Transaction>> out = new ArrayList<>();
    List<Transaction> cur = new ArrayList<>();
    BigDecimal prev = null;
    for (Transaction t : byAmount) {
      BigDecimal a = t.amount().amount().abs();
      if (prev != null && a.subtract(prev).doubleValue() > amountTolerance * prev.doubleValue() + 0.005) {
        out.add(cur);
        cur = new ArrayList<>();
      }
      cur.add(t);
      prev = a;
    }
    out.add(cur);
    for (List<Transaction> c : out) {
      c.sort(Comparator.comparing(Transaction::bookingDate));
    }
    out.removeIf(c -> c.size() < 2);
    return out;
  }

  /** The cadence that explains the most gaps of a date-ordered list, if any explains it well. */
  private Optional<Fit> bestFit(List<Transaction> txs) {
    Fit best = null;
    for (Cadence c : Cadence.values()) {
      Fit f = fit(txs, c);
      if (f != null && (best == null || f.matches() > best.matches())) {
        best = f;
      }
    }
    return Optional.ofNullable(best);
  }

  private Fit fit(List<Transaction> txs, Cadence c) {
    List<Transaction> kept = new ArrayList<>();
    int matches = 0;
    int misses = 0;
    int bad = 0;
    int noise = 0;
    for (Transaction t : txs) {
      if (kept.isEmpty()) {
        kept.add(t);
        continue;
      }
      long gap = ChronoUnit.DAYS.between(kept.getLast().bookingDate(), t.bookingDate());
      if (gap < c.minGap() * 0.6) {
        noise++;
        continue;
      }
      kept.add(t);
      if (gap >= c.minGap() && gap <= c.maxGap()) {
        matches++;
      } else if (gap >= 2L * c.minGap() && gap <= 2L * c.maxGap()) {
        misses++;
      } else {
        bad++;
      }
    }
    int gaps = matches + misses + bad;
    int needed = c == Cadence.YEARLY ? 1 : Math.max(1, minOccurrences - 1);
    if (matches < needed || gaps == 0) {
      return null;
    }
    if (matches < 0.75 * gaps || noise > 0.25 * txs.size() || bad > 1 + gaps / 10) {
      return null;
    }
    if (kept.size() == 2 && differs(kept.get(0).amount(), kept.get(1).amount())) {
      return null; // two payments a year apart are only a series at the very same amount
    }
    return new Fit(c, kept, matches);
  }

  /** Spread of consecutive amounts, ignoring lasting level changes: median relative step. */
  private static double spreadAroundLevels(List<Transaction> txs) {
    List<Transaction> sorted = new ArrayList<>(txs);
    sorted.sort(Comparator.comparing(Transaction::bookingDate));
    double[] steps = new double[sorted.size() - 1];
    for (int i = 1; i < sorted.size(); i++) {
      double a = sorted.get(i - 1).amount().amount().abs().doubleValue();
      double b = sorted.get(i).amount().amount().abs().doubleValue();
      steps[i - 1] = Math.abs(b - a) / Math.max(a, b);
    }
    Arrays.sort(steps);
    return steps[steps.length / 2];
  }

  /** Robust spread of absolute amounts: scaled MAD over median. */
  private static double spread(List<Transaction> txs) {
    double[] a = new double[txs.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = txs.get(i).amount().amount().abs().doubleValue();
    }
    Arrays.sort(a);
    double med = a[a.length / 2];
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = Math.abs(a[i] - med);
    }
    Arrays.sort(d);
    return med == 0 ? Double.POSITIVE_INFINITY : 1.4826 * d[d.length / 2] / med;
  }

  private RecurringSeries series(List<Transaction> txs, Cadence c, boolean fixed, LocalDate asOf) {
    txs.sort(Comparator.comparing(Transaction::bookingDate));
    Transaction last = txs.getLast();
    List<PriceChange> changes = new ArrayList<>();
    if (fixed) {
      Money level = txs.getFirst().amount();
      for (int i = 1; i < txs.size(); i++) {
        Money a = txs.get(i).amount();
        if (differs(a, level)) {
          boolean lasting = i + 1 >= txs.size() || !differs(txs.get(i + 1).amount(), a);
          if (lasting) {
            changes.add(new PriceChange(txs.get(i).bookingDate(), level, a));
            level = a;
          }
        }
      }
    }
    Money expected;
    if (fixed) {
      expected = last.amount();
    } else {
      int k = Math.min(3, txs.size());
      BigDecimal sum = BigDecimal.ZERO;
      for (int i = txs.size() - k; i < txs.size(); i++) {
        sum = sum.add(txs.get(i).amount().amount());
      }
      int digits = Math.max(0, last.amount().currency().getDefaultFractionDigits());
      expected = Money.of(sum.divide(BigDecimal.valueOf(k), MathContext.DECIMAL64)
          .setScale(digits, java.math.RoundingMode.HALF_EVEN), last.amount().currency());
    }
    int[] days = new int[txs.size()];
    for (int i = 0; i < days.length; i++) {
      days[i] = txs.get(i).bookingDate().getDayOfMonth();
    }
    Arrays.sort(days);
    int dom = days[days.length / 2];
    LocalDate next = c.next(last.bookingDate(), dom);
    long grace = Math.max(3, Math.round(c.days() / 2));
    boolean stopped = asOf.isAfter(next.plusDays(grace));
    return new RecurringSeries(last.account(), last.merchant(), c, txs, fixed, expected, last.bookingDate(), next,
        stopped, changes);
  }

  private static boolean differs(Money a, Money b) {
    double x = a.amount().abs().doubleValue();
    double y = b.amount().abs().doubleValue();
    return Math.abs(x - y) > 0.005 * Math.max(x, y) + 0.005;
  }

  /** Builds a {@link RecurringDetector}. Not thread-safe. */
  public static final class Builder {
    private double amountTolerance = 0.05;
    private double variableTolerance = 0.35;
    private int minOccurrences = 3;

    private Builder() {}

    /**
     * Relative difference under which two amounts are "the same price".
     *
     * @param v in [0, 1)
     * @return this
     */
    public Builder amountTolerance(double v) {
      if (!(v >= 0 && v < 1)) {
        throw new IllegalArgumentException("amountTolerance must be in [0,1): " + v);
      }
      amountTolerance = v;
      return this;
    }

    /**
     * Largest robust relative spread of a variable-amount series (utilities).
     *
     * @param v at least 0
     * @return this
     */
    public Builder variableTolerance(double v) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException("variableTolerance must be >= 0: " + v);
      }
      variableTolerance = v;
      return this;
    }

    /**
     * Fewest payments that make a series (yearly series need only 2).
     *
     * @param v at least 2
     * @return this
     */
    public Builder minOccurrences(int v) {
      if (v < 2) {
        throw new IllegalArgumentException("minOccurrences must be >= 2: " + v);
      }
      minOccurrences = v;
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return the detector
     */
    public RecurringDetector build() {
      return new RecurringDetector(this);
    }
  }
}
