package dev.pfms.api.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of transactions stored column by column, for histories of millions of rows: a
 * {@link Transaction} is built on each {@link #get(int)}, equal (and with the same hash) to the one
 * that was added, and dropped by the caller when done.
 *
 * <p>What a row costs (ADR 0019): the id as two {@code long}s when it is the usual 32 lower-case hex
 * digits; dates as epoch days; each amount as its unscaled {@code long} and a scale byte (exact: the
 * {@link BigDecimal} view is {@code BigDecimal.valueOf(unscaled, scale)}, equal in value and scale);
 * the description as UTF-8 bytes in one shared array; account, currency, merchant, counterparty,
 * counterparty account, memo, reference, category and provenance source as codes into tables of their
 * distinct values; the provenance line as a {@code long}. About 80 bytes plus the description's bytes,
 * against ~440 bytes for the objects of one {@code Transaction}. Values that do not fit (an amount
 * beyond 63 bits or an unusual scale, an id of another shape) are kept as they are in a side table.
 *
 * <p>{@link List#copyOf} would materialize every row; {@link #immutableCopy(List)} keeps a compact
 * list as it is (the result records in pfms-api use it). Thread-safe; the {@link Builder} is not.
 */
public final class CompactTransactions extends AbstractList<Transaction> implements RandomAccess {

  private static final byte ODD_ID = 1;
  private static final byte ODD_AMOUNT = 2;
  private static final byte NO_BALANCE = 4;
  private static final byte ODD_BALANCE = 8;
  private static final byte NO_VALUE_DATE = 16;
  private static final byte ODD_DESCRIPTION = 32;

  private final int size;
  private final byte[] flags;
  private final long[] idHi;
  private final long[] idLo;
  private final int[] bookingDay;
  private final int[] valueDay;
  private final long[] amount;
  private final byte[] amountScale;
  private final long[] balance;
  private final byte[] balanceScale;
  private final byte[] text;
  private final int[] textStart;
  private final long[] line;
  private final int[] account;
  private final int[] currency;
  private final int[] merchant;
  private final int[] counterparty;
  private final int[] counterpartyAccount;
  private final int[] memo;
  private final int[] reference;
  private final int[] category;
  private final int[] source;
  private final Object[] strings;
  private final Object[] objects;
  /** Row index to the value that did not fit its column (id, amount, balance, description). */
  private final Map<Long, Object> odd;

  private CompactTransactions(Builder b) {
    size = b.size;
    flags = Arrays.copyOf(b.flags, size);
    idHi = Arrays.copyOf(b.idHi, size);
    idLo = Arrays.copyOf(b.idLo, size);
    bookingDay = Arrays.copyOf(b.bookingDay, size);
    valueDay = Arrays.copyOf(b.valueDay, size);
    amount = Arrays.copyOf(b.amount, size);
    amountScale = Arrays.copyOf(b.amountScale, size);
    balance = Arrays.copyOf(b.balance, size);
    balanceScale = Arrays.copyOf(b.balanceScale, size);
    text = Arrays.copyOf(b.text, b.textLength);
    textStart = Arrays.copyOf(b.textStart, size + 1);
    textStart[size] = b.textLength;
    line = Arrays.copyOf(b.line, size);
    account = Arrays.copyOf(b.account, size);
    currency = Arrays.copyOf(b.currency, size);
    merchant = Arrays.copyOf(b.merchant, size);
    counterparty = Arrays.copyOf(b.counterparty, size);
    counterpartyAccount = Arrays.copyOf(b.counterpartyAccount, size);
    memo = Arrays.copyOf(b.memo, size);
    reference = Arrays.copyOf(b.reference, size);
    category = Arrays.copyOf(b.category, size);
    source = Arrays.copyOf(b.source, size);
    strings = b.strings.toArray();
    objects = b.objects.toArray();
    odd = Map.copyOf(b.odd);
  }

  /** A copy of {@code base} with other categories: every column but the category is shared. */
  private CompactTransactions(CompactTransactions base, int[] category, Object[] objects) {
    size = base.size;
    flags = base.flags;
    idHi = base.idHi;
    idLo = base.idLo;
    bookingDay = base.bookingDay;
    valueDay = base.valueDay;
    amount = base.amount;
    amountScale = base.amountScale;
    balance = base.balance;
    balanceScale = base.balanceScale;
    text = base.text;
    textStart = base.textStart;
    line = base.line;
    account = base.account;
    currency = base.currency;
    merchant = base.merchant;
    counterparty = base.counterparty;
    counterpartyAccount = base.counterpartyAccount;
    memo = base.memo;
    reference = base.reference;
    this.category = category;
    source = base.source;
    strings = base.strings;
    this.objects = objects;
    odd = base.odd;
  }

  /**
   * A builder.
   *
   * @param expected the expected number of rows (a hint)
   * @return a new builder
   */
  public static Builder builder(int expected) {
    return new Builder(expected);
  }

  /**
   * The transactions, compacted.
   *
   * @param transactions the rows (none null)
   * @return a compact list equal to {@code transactions}
   */
  public static CompactTransactions of(Collection<Transaction> transactions) {
    Builder b = builder(transactions.size());
    for (Transaction t : transactions) {
      b.add(t);
    }
    return b.build();
  }

  /**
   * An immutable copy that keeps a compact list as it is (it is immutable already) instead of
   * materializing its rows as {@link List#copyOf} would.
   *
   * @param transactions the rows
   * @return {@code transactions} when compact, else {@code List.copyOf(transactions)}
   */
  public static List<Transaction> immutableCopy(List<Transaction> transactions) {
    return transactions instanceof CompactTransactions c ? c : List.copyOf(transactions);
  }

  /**
   * These transactions with other categories ({@link Transaction#withCategory} of each row), sharing
   * every other column.
   *
   * @param categories one category (or null) per row
   * @return the copy
   * @throws IllegalArgumentException when the sizes differ
   */
  public CompactTransactions withCategories(List<Category> categories) {
    if (categories.size() != size) {
      throw new IllegalArgumentException(categories.size() + " categories for " + size + " transactions");
    }
    List<Object> table = new ArrayList<>();
    Map<Object, Integer> index = new HashMap<>();
    for (Object o : objects) {
      index.putIfAbsent(o, table.size());
      table.add(o);
    }
    int[] codes = new int[size];
    for (int i = 0; i < size; i++) {
      codes[i] = code(table, index, categories.get(i));
    }
    return new CompactTransactions(this, codes, table.toArray());
  }

  /**
   * The rows a predicate keeps, in order, as a compact list: columns are copied run by run (the same
   * list as {@link Builder#add} of each kept row would build), no {@link Transaction} is made. For
   * splitting a long history (a training window) without materializing it.
   *
   * @param keep whether to keep row {@code i}; it may read this list's accessors such as
   *     {@link #bookingDate(int)} and {@link #category(int)}
   * @return the kept rows
   */
  public CompactTransactions select(java.util.function.IntPredicate keep) {
    Objects.requireNonNull(keep, "keep");
    Builder b = new Builder(16);
    int run = -1;
    for (int i = 0; i < size; i++) {
      if (keep.test(i)) {
        run = run < 0 ? i : run;
      } else if (run >= 0) {
        b.addAll(this, run, i);
        run = -1;
      }
    }
    if (run >= 0) {
      b.addAll(this, run, size);
    }
    return b.build();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Transaction get(int i) {
    Objects.checkIndex(i, size);
    byte f = flags[i];
    long row = i;
    String id = (f & ODD_ID) != 0 ? (String) odd.get(row) : HexIds.id(idHi[i], idLo[i]);
    Currency cur = (Currency) objects[currency[i]];
    Money amt = (f & ODD_AMOUNT) != 0 ? (Money) odd.get(-row - 1)
        : new Money(BigDecimal.valueOf(amount[i], amountScale[i]), cur);
    Money bal = (f & NO_BALANCE) != 0 ? null
        : (f & ODD_BALANCE) != 0 ? (Money) odd.get(Long.MIN_VALUE + row)
        : new Money(BigDecimal.valueOf(balance[i], balanceScale[i]), cur);
    String desc = (f & ODD_DESCRIPTION) != 0 ? (String) odd.get(Long.MAX_VALUE - row)
        : new String(text, textStart[i], textStart[i + 1] - textStart[i], StandardCharsets.UTF_8);
    return new Transaction(id, (String) strings[account[i]], LocalDate.ofEpochDay(bookingDay[i]),
        (f & NO_VALUE_DATE) != 0 ? null : LocalDate.ofEpochDay(valueDay[i]), amt, desc, str(counterparty[i]),
        str(counterpartyAccount[i]), str(memo[i]), (String) strings[merchant[i]], str(reference[i]), bal,
        (Category) obj(category[i]), new Provenance((String) strings[source[i]], line[i]));
  }

  /**
   * The category of one row, without building the transaction.
   *
   * @param i the row
   * @return its category, or null
   */
  public Category category(int i) {
    Objects.checkIndex(i, size);
    return (Category) obj(category[i]);
  }

  /**
   * The booking date of one row, without building the transaction.
   *
   * @param i the row
   * @return its booking date
   */
  public LocalDate bookingDate(int i) {
    Objects.checkIndex(i, size);
    return LocalDate.ofEpochDay(bookingDay[i]);
  }

  /**
   * The id of one row, without building the transaction.
   *
   * @param i the row
   * @return its id
   */
  public String id(int i) {
    Objects.checkIndex(i, size);
    return (flags[i] & ODD_ID) != 0 ? (String) odd.get((long) i) : HexIds.id(idHi[i], idLo[i]);
  }

  /**
   * The account of one row, without building the transaction.
   *
   * @param i the row
   * @return its account
   */
  public String account(int i) {
    Objects.checkIndex(i, size);
    return (String) strings[account[i]];
  }

  /**
   * The merchant key of one row, without building the transaction.
   *
   * @param i the row
   * @return its merchant key (possibly empty, never null)
   */
  public String merchant(int i) {
    Objects.checkIndex(i, size);
    return (String) strings[merchant[i]];
  }

  /**
   * The currency of one row's amount, without building the transaction.
   *
   * @param i the row
   * @return its currency
   */
  public Currency currency(int i) {
    Objects.checkIndex(i, size);
    return (Currency) objects[currency[i]];
  }

  /**
   * The amount of one row (its value, without the currency), without building the transaction: equal
   * to {@code get(i).amount().amount()}, scale included.
   *
   * @param i the row
   * @return its amount
   */
  public BigDecimal amount(int i) {
    Objects.checkIndex(i, size);
    return (flags[i] & ODD_AMOUNT) != 0 ? ((Money) odd.get(-(long) i - 1)).amount()
        : BigDecimal.valueOf(amount[i], amountScale[i]);
  }

  /**
   * The bytes the columns hold (arrays and their headers, the distinct-value tables counted roughly),
   * to report what a retained row costs.
   *
   * @return an estimate of the retained bytes
   */
  public long retainedBytes() {
    long b = 16L * 22 + size * (1L + 8 + 8 + 4 + 4 + 8 + 1 + 8 + 1 + 4 + 8 + 4 * 10) + text.length;
    for (Object s : strings) {
      b += s == null ? 0 : 56 + 2L * ((String) s).length();
    }
    return b + 64L * objects.length + 96L * odd.size();
  }

  private String str(int code) {
    return code < 0 ? null : (String) strings[code];
  }

  private Object obj(int code) {
    return code < 0 ? null : objects[code];
  }

  private static int code(List<Object> table, Map<Object, Integer> index, Object value) {
    if (value == null) {
      return -1;
    }
    Integer c = index.get(value);
    if (c == null) {
      c = table.size();
      table.add(value);
      index.put(value, c);
    }
    return c;
  }

  /** Collects rows into a {@link CompactTransactions}. Not thread-safe; build once. */
  public static final class Builder {
    private int size;
    private byte[] flags;
    private long[] idHi;
    private long[] idLo;
    private int[] bookingDay;
    private int[] valueDay;
    private long[] amount;
    private byte[] amountScale;
    private long[] balance;
    private byte[] balanceScale;
    private byte[] text;
    private int textLength;
    private int[] textStart;
    private long[] line;
    private int[] account;
    private int[] currency;
    private int[] merchant;
    private int[] counterparty;
    private int[] counterpartyAccount;
    private int[] memo;
    private int[] reference;
    private int[] category;
    private int[] source;
    private final List<Object> strings = new ArrayList<>();
    private final Map<Object, Integer> stringIndex = new HashMap<>();
    private final List<Object> objects = new ArrayList<>();
    private final Map<Object, Integer> objectIndex = new HashMap<>();
    private final Map<Long, Object> odd = new HashMap<>();
    private boolean built;

    private Builder(int expected) {
      allocate(Math.max(16, expected));
      text = new byte[Math.max(64, Math.min(expected, 1 << 24) * 32)];
    }

    private void allocate(int n) {
      flags = grow(flags, n);
      idHi = grow(idHi, n);
      idLo = grow(idLo, n);
      bookingDay = grow(bookingDay, n);
      valueDay = grow(valueDay, n);
      amount = grow(amount, n);
      amountScale = grow(amountScale, n);
      balance = grow(balance, n);
      balanceScale = grow(balanceScale, n);
      textStart = grow(textStart, n + 1);
      line = grow(line, n);
      account = grow(account, n);
      currency = grow(currency, n);
      merchant = grow(merchant, n);
      counterparty = grow(counterparty, n);
      counterpartyAccount = grow(counterpartyAccount, n);
      memo = grow(memo, n);
      reference = grow(reference, n);
      category = grow(category, n);
      source = grow(source, n);
    }

    private static byte[] grow(byte[] a, int n) {
      return a == null ? new byte[n] : Arrays.copyOf(a, n);
    }

    private static int[] grow(int[] a, int n) {
      return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    private static long[] grow(long[] a, int n) {
      return a == null ? new long[n] : Arrays.copyOf(a, n);
    }

    /**
     * Adds a row.
     *
     * @param t the transaction
     * @return this
     * @throws IllegalStateException after {@link #build()}
     */
    public Builder add(Transaction t) {
      Objects.requireNonNull(t, "transaction");
      if (built) {
        throw new IllegalStateException("already built");
      }
      if (size == Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("too many transactions for one list");
      }
      if (size == flags.length) {
        allocate((int) Math.min(Integer.MAX_VALUE - 16L, flags.length + (flags.length >> 1) + 16L));
      }
      int i = size;
      long row = i;
      byte f = 0;
      if (!hexId(t.id(), i)) {
        f |= ODD_ID;
        odd.put(row, t.id());
      }
      bookingDay[i] = (int) t.bookingDate().toEpochDay();
      if (t.valueDate() == null) {
        f |= NO_VALUE_DATE;
      } else {
        valueDay[i] = (int) t.valueDate().toEpochDay();
      }
      Money a = t.amount();
      if (fits(a.amount())) {
        amount[i] = unscaled(a.amount());
        amountScale[i] = (byte) a.amount().scale();
      } else {
        f |= ODD_AMOUNT;
        odd.put(-row - 1, a);
      }
      Money bal = t.balance();
      if (bal == null) {
        f |= NO_BALANCE;
      } else if (fits(bal.amount())) {
        balance[i] = unscaled(bal.amount());
        balanceScale[i] = (byte) bal.amount().scale();
      } else {
        f |= ODD_BALANCE;
        odd.put(Long.MIN_VALUE + row, bal);
      }
      String desc = t.description();
      byte[] d = desc.getBytes(StandardCharsets.UTF_8);
      textStart[i] = textLength;
      // not ASCII: keep the bytes only when they decode to the same string (an unpaired surrogate does not)
      boolean exact = ascii(d, desc) || new String(d, StandardCharsets.UTF_8).equals(desc);
      if (!exact || (long) textLength + d.length > Integer.MAX_VALUE - 16) {
        f |= ODD_DESCRIPTION;
        odd.put(Long.MAX_VALUE - row, desc);
      } else {
        if (textLength + d.length > text.length) {
          text = Arrays.copyOf(text, (int) Math.min(Integer.MAX_VALUE - 16L,
              Math.max(textLength + (long) d.length, text.length + (text.length >> 1) + 64L)));
        }
        System.arraycopy(d, 0, text, textLength, d.length);
        textLength += d.length;
      }
      flags[i] = f;
      line[i] = t.provenance().line();
      account[i] = stringCode(t.account());
      currency[i] = objectCode(a.currency());
      merchant[i] = stringCode(t.merchant());
      counterparty[i] = stringCode(t.counterparty());
      counterpartyAccount[i] = stringCode(t.counterpartyAccount());
      memo[i] = stringCode(t.memo());
      reference[i] = stringCode(t.reference());
      category[i] = objectCode(t.category());
      source[i] = stringCode(t.provenance().source());
      size++;
      return this;
    }

    /**
     * Values seen by identity, in slots chosen by their hash: rows of one file hand the same account,
     * merchant, source and currency objects again and again, and the same object always has the same code
     * (codes never change), so a hit skips the map's lookup and {@code equals}.
     */
    private final Object[] seenStrings = new Object[SEEN];
    private final int[] seenStringCodes = new int[SEEN];
    private final Object[] seenObjects = new Object[SEEN];
    private final int[] seenObjectCodes = new int[SEEN];
    private static final int SEEN = 1024;

    private int stringCode(String v) {
      if (v == null) {
        return -1;
      }
      int slot = v.hashCode() & (SEEN - 1);
      if (seenStrings[slot] == v) {
        return seenStringCodes[slot];
      }
      int c = code(strings, stringIndex, v);
      seenStrings[slot] = v;
      seenStringCodes[slot] = c;
      return c;
    }

    private int objectCode(Object v) {
      if (v == null) {
        return -1;
      }
      int slot = v.hashCode() & (SEEN - 1);
      if (seenObjects[slot] == v) {
        return seenObjectCodes[slot];
      }
      int c = code(objects, objectIndex, v);
      seenObjects[slot] = v;
      seenObjectCodes[slot] = c;
      return c;
    }

    /** Whether the bytes are the string's characters one for one (an unpaired surrogate also gives one byte, '?'). */
    private static boolean ascii(byte[] d, String s) {
      if (d.length != s.length()) {
        return false;
      }
      for (int k = 0; k < d.length; k++) {
        if (d[k] != s.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    /** Whether the amount is exactly an unscaled long with a byte scale. */
    private static boolean fits(BigDecimal v) {
      int scale = v.scale();
      if (scale < Byte.MIN_VALUE || scale > Byte.MAX_VALUE) {
        return false;
      }
      if (v.precision() <= 18) {
        return true; // below 10^18: a long, and no BigInteger is made to see it
      }
      BigInteger u = v.unscaledValue();
      return u.bitLength() <= 63;
    }

    /** The unscaled value of an amount that {@link #fits}, without a BigInteger when it has at most 18 digits. */
    private static long unscaled(BigDecimal v) {
      int scale = v.scale();
      if (v.precision() <= 18 && scale >= 0) {
        // moving the point by the scale gives the unscaled value at scale 0 (a long-backed BigDecimal)
        return scale == 0 ? v.longValueExact() : v.movePointRight(scale).longValueExact();
      }
      return v.unscaledValue().longValueExact();
    }

    /**
     * Adds rows {@code from} (inclusive) to {@code to} (exclusive) of another compact list, in order: the
     * same as {@link #add} of each {@code part.get(r)}, but column by column (each distinct value of the
     * part's tables is looked up once per call, not once per row). Ingestors compact rows on the threads
     * that prepare them and append the parts in source order here.
     *
     * @param part the rows to take
     * @param from the first row
     * @param to the end of the rows (exclusive)
     * @return this
     * @throws IndexOutOfBoundsException when the range is not within {@code part}
     * @throws IllegalStateException after {@link #build()}
     */
    public Builder addAll(CompactTransactions part, int from, int to) {
      Objects.requireNonNull(part, "part");
      Objects.checkFromToIndex(from, to, part.size);
      if (built) {
        throw new IllegalStateException("already built");
      }
      int n = to - from;
      if (n == 0) {
        return this;
      }
      long bytes = (long) part.textStart[to] - part.textStart[from];
      if ((long) size + n > Integer.MAX_VALUE - 16 || textLength + bytes > Integer.MAX_VALUE - 16) {
        for (int r = from; r < to; r++) {
          add(part.get(r)); // near the limits: row by row, which keeps add's checks and fallbacks
        }
        return this;
      }
      if (size + n > flags.length) {
        allocate((int) Math.min(Integer.MAX_VALUE - 16L, Math.max(size + (long) n,
            flags.length + (flags.length >> 1) + 16L)));
      }
      if (textLength + bytes > text.length) {
        text = Arrays.copyOf(text, (int) Math.min(Integer.MAX_VALUE - 16L,
            Math.max(textLength + bytes, text.length + (text.length >> 1) + 64L)));
      }
      int i = size;
      System.arraycopy(part.flags, from, flags, i, n);
      System.arraycopy(part.idHi, from, idHi, i, n);
      System.arraycopy(part.idLo, from, idLo, i, n);
      System.arraycopy(part.bookingDay, from, bookingDay, i, n);
      System.arraycopy(part.valueDay, from, valueDay, i, n);
      System.arraycopy(part.amount, from, amount, i, n);
      System.arraycopy(part.amountScale, from, amountScale, i, n);
      System.arraycopy(part.balance, from, balance, i, n);
      System.arraycopy(part.balanceScale, from, balanceScale, i, n);
      System.arraycopy(part.line, from, line, i, n);
      System.arraycopy(part.text, part.textStart[from], text, textLength, (int) bytes);
      int shift = textLength - part.textStart[from];
      for (int k = 0; k < n; k++) {
        textStart[i + k] = part.textStart[from + k] + shift;
      }
      textLength += (int) bytes;
      if (remapPart != part) {
        remapPart = part;
        remapStrings = new int[part.strings.length];
        Arrays.fill(remapStrings, -2);
        remapObjects = new int[part.objects.length];
        Arrays.fill(remapObjects, -2);
      }
      remap(part.account, from, account, i, n, part.strings, remapStrings, strings, stringIndex);
      remap(part.merchant, from, merchant, i, n, part.strings, remapStrings, strings, stringIndex);
      remap(part.counterparty, from, counterparty, i, n, part.strings, remapStrings, strings, stringIndex);
      remap(part.counterpartyAccount, from, counterpartyAccount, i, n, part.strings, remapStrings, strings,
          stringIndex);
      remap(part.memo, from, memo, i, n, part.strings, remapStrings, strings, stringIndex);
      remap(part.reference, from, reference, i, n, part.strings, remapStrings, strings, stringIndex);
      remap(part.source, from, source, i, n, part.strings, remapStrings, strings, stringIndex);
      remap(part.currency, from, currency, i, n, part.objects, remapObjects, objects, objectIndex);
      remap(part.category, from, category, i, n, part.objects, remapObjects, objects, objectIndex);
      if (!part.odd.isEmpty()) {
        for (int k = 0; k < n; k++) {
          byte f = part.flags[from + k];
          long src = from + k;
          long row = i + k;
          if ((f & ODD_ID) != 0) {
            odd.put(row, part.odd.get(src));
          }
          if ((f & ODD_AMOUNT) != 0) {
            odd.put(-row - 1, part.odd.get(-src - 1));
          }
          if ((f & ODD_BALANCE) != 0) {
            odd.put(Long.MIN_VALUE + row, part.odd.get(Long.MIN_VALUE + src));
          }
          if ((f & ODD_DESCRIPTION) != 0) {
            odd.put(Long.MAX_VALUE - row, part.odd.get(Long.MAX_VALUE - src));
          }
        }
      }
      size += n;
      return this;
    }

    /** The part whose table codes {@link #remapStrings} and {@link #remapObjects} translate (-2: not yet). */
    private CompactTransactions remapPart;
    private int[] remapStrings;
    private int[] remapObjects;

    private static void remap(int[] codes, int from, int[] to, int at, int n, Object[] table, int[] memo,
        List<Object> into, Map<Object, Integer> index) {
      for (int k = 0; k < n; k++) {
        int c = codes[from + k];
        if (c < 0) {
          to[at + k] = -1;
          continue;
        }
        int m = memo[c];
        if (m == -2) {
          m = code(into, index, table[c]);
          memo[c] = m;
        }
        to[at + k] = m;
      }
    }

    /** The id as two longs when it is exactly 32 lower-case hex digits (what {@link TransactionIds} makes). */
    private boolean hexId(String id, int i) {
      return HexIds.parseInto(id, idHi, idLo, i);
    }

    /**
     * The list of the rows added.
     *
     * @return the compact list
     * @throws IllegalStateException when called twice
     */
    public CompactTransactions build() {
      if (built) {
        throw new IllegalStateException("already built");
      }
      built = true;
      CompactTransactions c = new CompactTransactions(this);
      flags = null;
      text = null;
      return c;
    }
  }
}
