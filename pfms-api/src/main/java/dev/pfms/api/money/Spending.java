package dev.pfms.api.money;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Granularity;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.TimeSeries;
import dev.pfms.api.model.Transaction;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one definition of spending and income that every pfms report uses (pipeline forecasts, CLI,
 * dashboard): money out and money in, <em>less</em> transfers between the user's own accounts.
 * A transaction is internal — neither spending nor income — when it is a leg of a
 * {@link TransferMatch}, or when its category is one of {@link #INTERNAL_CATEGORIES} (a transfer
 * whose other leg is in an account that was not imported, such as a savings account).
 *
 * <p>Sums across currencies are defined only through a {@link Conversion} to a base currency with
 * dated {@link FxRates}; without one, mixing currencies fails, naming them. Immutable; thread-safe.
 */
public final class Spending {

  /** Categories that move the user's own money between their accounts. */
  public static final Set<String> INTERNAL_CATEGORIES = Set.of("TRANSFER_IN_ACCOUNT_TRANSFER",
      "TRANSFER_IN_SAVINGS", "TRANSFER_OUT_ACCOUNT_TRANSFER", "TRANSFER_OUT_SAVINGS", "TRANSFER_OUT_INVESTMENT",
      "LOAN_PAYMENTS_CREDIT_CARD");

  private final Set<String> transferIds;
  private final Conversion conversion;

  private Spending(Set<String> transferIds, Conversion conversion) {
    this.transferIds = transferIds;
    this.conversion = conversion;
  }

  /**
   * Spending less the given transfers, in each transaction's own currency.
   *
   * @param transfers the matched transfers (possibly none)
   * @return the definition
   */
  public static Spending excluding(Collection<TransferMatch> transfers) {
    Set<String> ids = new HashSet<>();
    for (TransferMatch m : transfers) {
      ids.add(m.outId());
      ids.add(m.inId());
    }
    return new Spending(Set.copyOf(ids), null);
  }

  /**
   * The same definition, summing in a base currency.
   *
   * @param conversion the base currency and the rates
   * @return the definition
   */
  public Spending in(Conversion conversion) {
    return new Spending(transferIds, Objects.requireNonNull(conversion, "conversion"));
  }

  /**
   * Whether a transaction moves money between the user's own accounts.
   *
   * @param t the transaction
   * @return true for a transfer leg or an internal category
   */
  public boolean isInternal(Transaction t) {
    return transferIds.contains(t.id()) || (t.category() != null && INTERNAL_CATEGORIES.contains(t.category().code()));
  }

  /**
   * Whether a transaction is spending: money out that is not internal.
   *
   * @param t the transaction
   * @return true when it counts as spending
   */
  public boolean isSpending(Transaction t) {
    return t.amount().isNegative() && !isInternal(t);
  }

  /**
   * Whether a transaction is income: money in that is not internal.
   *
   * @param t the transaction
   * @return true when it counts as income
   */
  public boolean isIncome(Transaction t) {
    return t.amount().signum() > 0 && !isInternal(t);
  }

  /**
   * The amount a transaction contributes, in the base currency when one is set.
   *
   * @param t the transaction
   * @return its amount (signed)
   */
  public Money amountOf(Transaction t) {
    return conversion == null ? t.amount() : conversion.rates().convert(t.amount(), conversion.base(), t.bookingDate());
  }

  /**
   * Monthly spending per primary category over the full months of the data (the last, possibly
   * partial, month is left out), as positive amounts. Uncategorized money out is left out.
   *
   * @param transactions categorized transactions
   * @return series by primary category code
   */
  public Map<String, TimeSeries> monthlyByPrimary(List<Transaction> transactions) {
    return aggregate(fullMonths(transactions), t -> t.category() == null || t.category().equals(Category.UNCATEGORIZED)
        ? null : t.category().primary());
  }

  /**
   * Monthly total spending over the full months of the data, as positive amounts.
   *
   * @param transactions the transactions
   * @return the series, absent when there is no full month of spending
   */
  public java.util.Optional<TimeSeries> monthlyTotal(List<Transaction> transactions) {
    return java.util.Optional.ofNullable(aggregate(fullMonths(transactions), t -> "total").get("total"));
  }

  /**
   * Income and spending per currency (each in its own currency), and in the base currency when a
   * conversion is set.
   *
   * @param transactions the transactions
   * @return the totals
   */
  public Totals totals(List<Transaction> transactions) {
    Map<String, BigDecimal[]> per = new TreeMap<>();
    BigDecimal baseIn = BigDecimal.ZERO;
    BigDecimal baseOut = BigDecimal.ZERO;
    for (Transaction t : transactions) {
      boolean in = isIncome(t);
      boolean out = isSpending(t);
      if (!in && !out) {
        continue;
      }
      BigDecimal[] s = per.computeIfAbsent(t.amount().currency().getCurrencyCode(),
          k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      BigDecimal v = t.amount().amount().abs();
      s[in ? 0 : 1] = s[in ? 0 : 1].add(v);
      if (conversion != null) {
        BigDecimal b = amountOf(t).amount().abs();
        if (in) {
          baseIn = baseIn.add(b);
        } else {
          baseOut = baseOut.add(b);
        }
      }
    }
    Map<String, Money> income = new TreeMap<>();
    Map<String, Money> spending = new TreeMap<>();
    per.forEach((c, s) -> {
      income.put(c, new Money(s[0], Currency.getInstance(c)));
      spending.put(c, new Money(s[1], Currency.getInstance(c)));
    });
    return new Totals(income, spending, conversion == null ? null : new Money(baseIn, conversion.base()),
        conversion == null ? null : new Money(baseOut, conversion.base()));
  }

  /**
   * The spending of the full months, as a view that filters (and converts) as it is iterated: no
   * list of a million copies is built (ADR 0026). Each iteration yields equal transactions.
   */
  private Collection<Transaction> fullMonths(List<Transaction> transactions) {
    LocalDate last = null;
    for (Transaction t : transactions) {
      last = last == null || t.bookingDate().isAfter(last) ? t.bookingDate() : last;
    }
    if (last == null) {
      return List.of();
    }
    LocalDate lastMonth = Granularity.MONTHLY.periodStart(last);
    return new AbstractCollection<>() {
      @Override
      public Iterator<Transaction> iterator() {
        Iterator<Transaction> all = transactions.iterator();
        return new Iterator<>() {
          private Transaction next = advance();

          private Transaction advance() {
            while (all.hasNext()) {
              Transaction t = all.next();
              if (t.bookingDate().isBefore(lastMonth) && isSpending(t)) {
                return conversion == null ? t : t.toBuilder().amount(amountOf(t)).balance(null).build();
              }
            }
            return null;
          }

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          public Transaction next() {
            if (next == null) {
              throw new NoSuchElementException();
            }
            Transaction t = next;
            next = advance();
            return t;
          }
        };
      }

      @Override
      public boolean isEmpty() {
        return !iterator().hasNext();
      }

      @Override
      public int size() {
        int n = 0;
        for (Iterator<Transaction> it = iterator(); it.hasNext(); it.next()) {
          n++;
        }
        return n;
      }
    };
  }

  private static Map<String, TimeSeries> aggregate(Collection<Transaction> out,
      java.util.function.Function<Transaction, String> key) {
    return TimeSeries.aggregate(out, Granularity.MONTHLY, key, t -> t.amount().amount().negate());
  }

  /**
   * A base currency and the rates that convert into it.
   *
   * @param base the currency sums are reported in
   * @param rates dated exchange rates
   */
  public record Conversion(Currency base, FxRates rates) {
    /** Validates the fields. */
    public Conversion {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(rates, "rates");
    }
  }

  /**
   * Income and spending totals.
   *
   * @param income money in, per currency code (each in its own currency)
   * @param spending money out as a positive amount, per currency code
   * @param baseIncome all income in the base currency, or {@code null} without a conversion
   * @param baseSpending all spending in the base currency, or {@code null} without a conversion
   */
  public record Totals(Map<String, Money> income, Map<String, Money> spending, Money baseIncome, Money baseSpending) {
    /** Copies the maps. */
    public Totals {
      income = Map.copyOf(income);
      spending = Map.copyOf(spending);
    }
  }
}
