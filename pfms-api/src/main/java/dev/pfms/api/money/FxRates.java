package dev.pfms.api.money;

import dev.pfms.api.IngestException;
import dev.pfms.api.PfmsException;
import dev.pfms.api.model.Money;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Dated exchange rates, read from a table in the European Central Bank's published CSV layout
 * ({@code eurofxref-hist.csv}: a header {@code Date,USD,JPY,…} and one row per business day, each
 * value the amount of that currency one euro buys, {@code N/A} where none was published). The user
 * supplies the table; pfms never fetches rates. Immutable and thread-safe.
 *
 * <p>A conversion on a day without a published rate (a weekend or holiday) uses the latest rate
 * at most {@link #maxStaleDays()} days earlier; beyond that, or for a currency the table lacks, it
 * fails with a {@link MissingRateException} naming the date and the pair. Amounts are converted
 * exactly through the euro cross rate and rounded half-even to the target currency's minor unit.
 */
public final class FxRates {

  private static final Currency EUR = Currency.getInstance("EUR");
  private static final int MAX_LINE = 64 * 1024;

  private final Map<Currency, NavigableMap<LocalDate, BigDecimal>> perEuro;
  private final int maxStaleDays;

  private FxRates(Map<Currency, NavigableMap<LocalDate, BigDecimal>> perEuro, int maxStaleDays) {
    this.perEuro = perEuro;
    this.maxStaleDays = maxStaleDays;
  }

  /**
   * Reads a table in the ECB layout.
   *
   * @param file the CSV file
   * @return the rates, with a staleness limit of 7 days
   * @throws IOException when the file cannot be read
   * @throws IngestException naming file, line and field for a malformed row
   */
  public static FxRates readEcbCsv(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readEcbCsv(file.getFileName().toString(), r);
    }
  }

  /**
   * Reads a table in the ECB layout from a reader.
   *
   * @param name the source name, for messages
   * @param reader the text
   * @return the rates, with a staleness limit of 7 days
   * @throws IOException when the text cannot be read
   * @throws IngestException naming source, line and field for a malformed row
   */
  public static FxRates readEcbCsv(String name, Reader reader) throws IOException {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    String header = in.readLine();
    if (header == null) {
      throw new IngestException(name, 0, null, "empty rate table; expected the ECB layout 'Date,USD,JPY,…'");
    }
    header = header.startsWith("\uFEFF") ? header.substring(1) : header;
    String[] cols = header.split(",", -1);
    if (!cols[0].trim().equalsIgnoreCase("Date")) {
      throw new IngestException(name, 1, cols[0], "the first column must be 'Date' (ECB layout 'Date,USD,JPY,…')");
    }
    List<Currency> currencies = new ArrayList<>();
    for (int i = 1; i < cols.length; i++) {
      String c = cols[i].trim();
      if (c.isEmpty()) {
        currencies.add(null); // the ECB file ends every line with a comma
        continue;
      }
      try {
        currencies.add(Currency.getInstance(c));
      } catch (IllegalArgumentException e) {
        throw new IngestException(name, 1, c, "not an ISO 4217 currency code");
      }
    }
    Map<Currency, NavigableMap<LocalDate, BigDecimal>> rates = new HashMap<>();
    String line;
    long n = 1;
    while ((line = in.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      if (line.length() > MAX_LINE) {
        throw new IngestException(name, n, null, "line longer than " + MAX_LINE + " characters");
      }
      String[] f = line.split(",", -1);
      LocalDate date;
      try {
        date = LocalDate.parse(f[0].trim());
      } catch (DateTimeParseException e) {
        throw new IngestException(name, n, "Date", "cannot read '" + f[0].trim() + "' as a date (yyyy-MM-dd)");
      }
      for (int i = 1; i < f.length && i - 1 < currencies.size(); i++) {
        Currency c = currencies.get(i - 1);
        String v = f[i].trim();
        if (c == null || v.isEmpty() || v.equalsIgnoreCase("N/A")) {
          continue;
        }
        BigDecimal rate;
        try {
          if (v.length() > 32) {
            throw new NumberFormatException();
          }
          rate = new BigDecimal(v);
        } catch (NumberFormatException e) {
          throw new IngestException(name, n, c.getCurrencyCode(), "cannot read '" + abbreviate(v) + "' as a rate");
        }
        if (rate.signum() <= 0 || rate.scale() > 12 || rate.precision() - rate.scale() > 12) {
          throw new IngestException(name, n, c.getCurrencyCode(), "a rate must be positive with at most 12 integer and 12 decimal digits: " + v);
        }
        rates.computeIfAbsent(c, k -> new TreeMap<>()).put(date, rate);
      }
    }
    Map<Currency, NavigableMap<LocalDate, BigDecimal>> frozen = new HashMap<>();
    rates.forEach((k, v) -> frozen.put(k, Collections.unmodifiableNavigableMap(v)));
    return new FxRates(Map.copyOf(frozen), 7);
  }

  private static String abbreviate(String v) {
    return v.length() > 20 ? v.substring(0, 20) + "…" : v;
  }

  /**
   * These rates with another staleness limit.
   *
   * @param days how many days before a date a rate may be, 0 to 31
   * @return the rates
   */
  public FxRates withMaxStaleDays(int days) {
    if (days < 0 || days > 31) {
      throw new IllegalArgumentException("max stale days must be in [0, 31]: " + days);
    }
    return new FxRates(perEuro, days);
  }

  /**
   * How many days before a date a rate may be when none was published on it.
   *
   * @return the limit
   */
  public int maxStaleDays() {
    return maxStaleDays;
  }

  /**
   * The currencies the table has rates for, plus the euro.
   *
   * @return the currency codes, sorted
   */
  public Set<String> currencies() {
    Set<String> out = new TreeSet<>();
    perEuro.keySet().forEach(c -> out.add(c.getCurrencyCode()));
    out.add("EUR");
    return out;
  }

  /**
   * How many units of {@code to} one unit of {@code from} bought on a date.
   *
   * @param from the currency converted from
   * @param to the currency converted to
   * @param date the date
   * @return the rate (exact to 20 significant digits)
   * @throws MissingRateException naming the date and the pair when no rate is close enough
   */
  public BigDecimal rate(Currency from, Currency to, LocalDate date) {
    Objects.requireNonNull(date, "date");
    if (from.equals(to)) {
      return BigDecimal.ONE;
    }
    BigDecimal f = perEuro(from, from, to, date);
    BigDecimal t = perEuro(to, from, to, date);
    return t.divide(f, new MathContext(20, RoundingMode.HALF_EVEN));
  }

  private BigDecimal perEuro(Currency c, Currency from, Currency to, LocalDate date) {
    if (c.equals(EUR)) {
      return BigDecimal.ONE;
    }
    NavigableMap<LocalDate, BigDecimal> m = perEuro.get(c);
    Map.Entry<LocalDate, BigDecimal> e = m == null ? null : m.floorEntry(date);
    if (e == null || e.getKey().isBefore(date.minusDays(maxStaleDays))) {
      throw new MissingRateException(from, to, date, m == null
          ? "the rate table has no " + c.getCurrencyCode() + " column"
          : "no " + c.getCurrencyCode() + " rate on or up to " + maxStaleDays + " days before it");
    }
    return e.getValue();
  }

  /**
   * Converts an amount on a date.
   *
   * @param amount the amount
   * @param to the target currency
   * @param date the date whose rate applies
   * @return the amount in {@code to}, rounded half-even to its minor unit
   * @throws MissingRateException naming the date and the pair when no rate is close enough
   */
  public Money convert(Money amount, Currency to, LocalDate date) {
    if (amount.currency().equals(to)) {
      return amount;
    }
    BigDecimal r = rate(amount.currency(), to, date);
    int scale = Math.max(0, to.getDefaultFractionDigits());
    return new Money(amount.amount().multiply(r).setScale(scale, RoundingMode.HALF_EVEN), to);
  }

  /** Counts only. */
  @Override
  public String toString() {
    return "FxRates" + currencies() + "(max stale " + maxStaleDays + " days)";
  }

  /** No exchange rate close enough to a date for a pair of currencies. */
  public static final class MissingRateException extends PfmsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param from the currency converted from
     * @param to the currency converted to
     * @param date the date
     * @param why what is missing
     */
    public MissingRateException(Currency from, Currency to, LocalDate date, String why) {
      super("no exchange rate " + from.getCurrencyCode() + "→" + to.getCurrencyCode() + " for " + date + ": " + why);
    }
  }
}
