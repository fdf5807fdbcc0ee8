package dev.pfms.api.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A regular series of money amounts: one value per period, with no gaps (an empty period is zero).
 *
 * @param name what the series measures, e.g. a category code or an account
 * @param granularity the period
 * @param start the start of the first period
 * @param currency the currency of every value
 * @param values one value per period, oldest first
 */
public record TimeSeries(
    String name, Granularity granularity, LocalDate start, Currency currency, List<BigDecimal> values) {

  /** Validates the fields and copies the values. */
  public TimeSeries {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(currency, "currency");
    values = List.copyOf(values);
    if (!granularity.periodStart(start).equals(start)) {
      throw new IllegalArgumentException("start " + start + " is not the start of a " + granularity + " period");
    }
  }

  /**
   * The number of periods.
   *
   * @return the length
   */
  public int size() {
    return values.size();
  }

  /**
   * The start date of period {@code i} (which may lie beyond the end, for forecasts).
   *
   * @param i the period index
   * @return its first day
   */
  public LocalDate periodStart(int i) {
    return granularity.plus(start, i);
  }

  /**
   * The values as doubles, for numerical work.
   *
   * @return a new array
   */
  public double[] toArray() {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i).doubleValue();
    }
    return a;
  }

  /**
   * The first {@code n} periods.
   *
   * @param n how many
   * @return the head of this series
   */
  public TimeSeries head(int n) {
    return new TimeSeries(name, granularity, start, currency, values.subList(0, n));
  }

  /**
   * Aggregates transactions into one series per key, over the same span of periods (from the first
   * to the last transaction in the input), filling empty periods with zero.
   *
   * @param transactions transactions, all in one currency
   * @param granularity the period
   * @param key the series a transaction belongs to, or {@code null} to leave it out
   * @param value the value a transaction contributes (e.g. spending as a positive amount)
   * @return series by key, in key order
   * @throws IllegalArgumentException when the transactions mix currencies
   */
  public static Map<String, TimeSeries> aggregate(Collection<Transaction> transactions,
      Granularity granularity, Function<Transaction, String> key, Function<Transaction, BigDecimal> value) {
    if (transactions.isEmpty()) {
      return Map.of();
    }
    Currency currency = null;
    LocalDate first = null;
    LocalDate last = null;
    for (Transaction t : transactions) {
      if (currency == null) {
        currency = t.amount().currency();
      } else if (!currency.equals(t.amount().currency())) {
        throw new IllegalArgumentException("transactions mix currencies " + currency + " and "
            + t.amount().currency() + "; aggregate each currency on its own");
      }
      LocalDate d = granularity.periodStart(t.bookingDate());
      first = first == null || d.isBefore(first) ? d : first;
      last = last == null || d.isAfter(last) ? d : last;
    }
    int n = (int) granularity.between(first, last) + 1;
    Map<String, BigDecimal[]> sums = new TreeMap<>();
    for (Transaction t : transactions) {
      String k = key.apply(t);
      if (k == null) {
        continue;
      }
      BigDecimal[] arr = sums.computeIfAbsent(k, x -> {
        BigDecimal[] z = new BigDecimal[n];
        java.util.Arrays.fill(z, BigDecimal.ZERO);
        return z;
      });
      int i = (int) granularity.between(first, granularity.periodStart(t.bookingDate()));
      arr[i] = arr[i].add(value.apply(t));
    }
    Map<String, TimeSeries> out = new LinkedHashMap<>();
    for (Map.Entry<String, BigDecimal[]> e : sums.entrySet()) {
      out.put(e.getKey(), new TimeSeries(e.getKey(), granularity, first, currency, new ArrayList<>(List.of(e.getValue()))));
    }
    return out;
  }
}
