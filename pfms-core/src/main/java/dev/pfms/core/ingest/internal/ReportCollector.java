package dev.pfms.core.ingest.internal;

import dev.pfms.api.IngestException;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.CompactTransactions;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Provenance;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.model.TransactionIds;
import dev.pfms.api.spi.IngestSink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the transactions and problems of one source while an ingestor reads it, gives every
 * transaction its stable id and hands each record to an {@link IngestSink} at once (the report call
 * collects them). One per source and call; not thread-safe.
 *
 * <p>Ids are those of {@link TransactionIds#of} with the occurrence counter of
 * {@link TransactionIds.Occurrences} (a test proves it), computed without regular expressions and
 * with one reused digest, because this is the hot path of every ingestor. The counter keeps a 64-bit
 * fingerprint per distinct content key instead of the key (8–16 bytes instead of ~110 per row): the first
 * 8 bytes of the key's occurrence-0 SHA-256, which the id is cut from anyway (ADR 0023); two
 * different keys with one fingerprint (about 1 in 10<sup>6</sup> for a 5 M-row file) only give the
 * second one occurrence 1 instead of 0: still a distinct, deterministic id, but not the one
 * {@link TransactionIds#of} would compute.
 *
 * <p>Ingestors check {@link #stopped()} in their record loops: it turns true when the sink asks to
 * stop.
 */
public final class ReportCollector {

  private static final HexFormat HEX = HexFormat.of();

  private final String source;
  private final String format;
  private final boolean strict;
  private final IngestSink sink;
  /** The rows of the report (collecting, no sink given): column by column, as IngestSink.collecting() keeps them. */
  private final CompactTransactions.Builder compact;
  private final List<IngestProblem> problems = new ArrayList<>();
  private CompactTransactions built;
  private final OccurrenceTable occurrences;
  private long accepted;
  private long rejected;
  private long warned;
  private boolean stopped;
  private final MessageDigest sha256;
  private final byte[] digest = new byte[32];

  /**
   * Starts collecting.
   *
   * @param source the source name
   * @param format the ingestor's format
   * @param strict whether the first rejected record fails the whole source
   */
  public ReportCollector(String source, String format, boolean strict) {
    this(source, format, strict, null);
  }

  /**
   * Starts streaming into a sink.
   *
   * @param source the source name
   * @param format the ingestor's format
   * @param strict whether the first rejected record fails the whole source
   * @param sink receives each record as it is built, or null to collect for {@link #report}
   */
  public ReportCollector(String source, String format, boolean strict, IngestSink sink) {
    this(source, format, strict, 1024, sink);
  }

  /**
   * Starts collecting, sized for an expected number of transactions.
   *
   * @param source the source name
   * @param format the ingestor's format
   * @param strict whether the first rejected record fails the whole source
   * @param expected about how many transactions the source holds
   */
  public ReportCollector(String source, String format, boolean strict, int expected) {
    this(source, format, strict, expected, null);
  }

  private ReportCollector(String source, String format, boolean strict, int expected, IngestSink sink) {
    this.compact = sink == null ? CompactTransactions.builder(Math.max(16, Math.min(expected, 1 << 24))) : null;
    this.sink = sink == null ? new Collect() : sink;
    this.occurrences = new OccurrenceTable(Math.max(16, Math.min(expected, 1 << 24)));
    this.source = source;
    this.format = format;
    this.strict = strict;
    this.sha256 = sha256();
  }

  /**
   * The source name.
   *
   * @return the name
   */
  public String source() {
    return source;
  }

  /**
   * Adds an accepted transaction.
   *
   * @param line the 1-based line or record number
   * @param account the (already masked) account
   * @param bookingDate the booking date
   * @param valueDate the value date, or null
   * @param amount the signed amount
   * @param description the raw description
   * @param payee a payee name from the file, or null to derive the merchant from the description
   * @param reference the reference, or null
   * @param balance the running balance, or null
   * @param category the category, or null
   * @return the transaction
   */
  public Transaction accept(long line, String account, LocalDate bookingDate, LocalDate valueDate, Money amount,
      String description, String payee, String reference, Money balance, Category category) {
    return accept(line, account, bookingDate, valueDate, amount, description, payee, null, null, reference, balance,
        category);
  }

  /**
   * Adds an accepted transaction with what the bank says about the other party kept apart.
   *
   * @param line the 1-based line or record number
   * @param account the (already masked) account
   * @param bookingDate the booking date
   * @param valueDate the value date, or null
   * @param amount the signed amount
   * @param description the raw description (the id is computed from it)
   * @param payee the counterparty's name from the file, or null to derive the merchant from the
   *     description
   * @param counterpartyAccount the counterparty's account as the file gives it (masked here), or null
   * @param memo the remittance text or note, or null
   * @param reference the reference, or null
   * @param balance the running balance, or null
   * @param category the category, or null
   * @return the transaction
   */
  public Transaction accept(long line, String account, LocalDate bookingDate, LocalDate valueDate, Money amount,
      String description, String payee, String counterpartyAccount, String memo, String reference, Money balance,
      Category category) {
    return accept(prepare(line, account, bookingDate, valueDate, amount, description, payee, counterpartyAccount,
        memo, reference, balance, category));
  }

  /**
   * A transaction without its id yet: everything that does not depend on the order of the source
   * (merchant key, folded texts, masked account, the content key) is computed, so ingestors can
   * prepare rows on several threads and {@link #accept(Pending)} them in source order. Immutable.
   */
  public static final class Pending {
    final long line;
    final String account;
    final LocalDate bookingDate;
    final LocalDate valueDate;
    final Money amount;
    final String description;
    final String counterparty;
    final String counterpartyAccount;
    final String memo;
    final String merchant;
    final String reference;
    final Money balance;
    final Category category;
    final String key;
    /**
     * The key's fingerprint ({@link #fingerprint(byte[])} of its occurrence-0 digest), computed where the
     * row was prepared with its id, or 0 (not yet: {@link #accept(Pending)} computes it).
     */
    long fingerprint;
    /** The transaction as it is when its key occurs for the first time (occurrence 0), or null. */
    Transaction first;

    private Pending(long line, String account, LocalDate bookingDate, LocalDate valueDate, Money amount,
        String description, String counterparty, String counterpartyAccount, String memo, String merchant,
        String reference, Money balance, Category category, String key) {
      this.line = line;
      this.account = account;
      this.bookingDate = bookingDate;
      this.valueDate = valueDate;
      this.amount = amount;
      this.description = description;
      this.counterparty = counterparty;
      this.counterpartyAccount = counterpartyAccount;
      this.memo = memo;
      this.merchant = merchant;
      this.reference = reference;
      this.balance = balance;
      this.category = category;
      this.key = key;
    }

    Transaction transaction(String source, String id) {
      return new Transaction(id, account, bookingDate, valueDate, amount, description, counterparty,
          counterpartyAccount, memo, merchant, reference, balance, category, new Provenance(source, Math.max(0, line)));
    }
  }

  /**
   * Prepares a transaction on any thread (no collector state is touched); the arguments are those
   * of {@link #accept(long, String, LocalDate, LocalDate, Money, String, String, String, String, String,
   * Money, Category)}.
   *
   * @param line the 1-based line or record number
   * @param account the (already masked) account
   * @param bookingDate the booking date
   * @param valueDate the value date, or null
   * @param amount the signed amount
   * @param description the raw description (the id is computed from it)
   * @param payee the counterparty's name from the file, or null
   * @param counterpartyAccount the counterparty's account as the file gives it (masked here), or null
   * @param memo the remittance text or note, or null
   * @param reference the reference, or null
   * @param balance the running balance, or null
   * @param category the category, or null
   * @return the prepared transaction, for {@link #accept(Pending)}
   */
  public static Pending prepare(long line, String account, LocalDate bookingDate, LocalDate valueDate, Money amount,
      String description, String payee, String counterpartyAccount, String memo, String reference, Money balance,
      Category category) {
    String desc = description == null ? "" : description;
    Scratch scratch = SCRATCH.get();
    StringBuilder key = scratch.key;
    key.setLength(0);
    key.append(account).append('\u001f');
    if (!bookingDate.equals(scratch.date)) {
      scratch.date = bookingDate; // rows come day by day: the date's text is written once per day
      scratch.dateText = bookingDate.toString();
    }
    key.append(scratch.dateText).append('\u001f');
    appendStrippedPlain(key, amount.amount());
    key.append('\u001f')
        .append(amount.currency().getCurrencyCode()).append('\u001f');
    appendNormalized(key, desc);
    boolean hasPayee = payee != null && !payee.isBlank();
    String counterparty = hasPayee ? collapse(payee) : null;
    String merchant = hasPayee ? counterparty : MerchantKeys.normalize(desc);
    String memoText = memo == null || memo.isBlank() ? null : collapse(memo);
    return new Pending(line, account, bookingDate, valueDate, amount, desc, counterparty,
        Accounts.mask(counterpartyAccount), memoText, merchant,
        reference == null || reference.isBlank() ? null : reference.trim(), balance, category, key.toString());
  }

  /**
   * {@link #prepare(long, String, LocalDate, LocalDate, Money, String, String, String, String, String, Money,
   * Category) prepare}, and also the transaction with the id it has when its content key occurs for the
   * first time in the source — which most keys do — so that the SHA-256 of the id is computed on the
   * preparing thread; {@link #accept(Pending)} recomputes it only for a repeated key.
   *
   * @param source the source name (of the collector that will accept it)
   * @param line the 1-based line or record number
   * @param account the (already masked) account
   * @param bookingDate the booking date
   * @param valueDate the value date, or null
   * @param amount the signed amount
   * @param description the raw description (the id is computed from it)
   * @param payee the counterparty's name from the file, or null
   * @param counterpartyAccount the counterparty's account as the file gives it (masked here), or null
   * @param memo the remittance text or note, or null
   * @param reference the reference, or null
   * @param balance the running balance, or null
   * @param category the category, or null
   * @return the prepared transaction, for {@link #accept(Pending)}
   */
  public static Pending prepareWithId(String source, long line, String account, LocalDate bookingDate,
      LocalDate valueDate, Money amount, String description, String payee, String counterpartyAccount, String memo,
      String reference, Money balance, Category category) {
    Pending p = prepare(line, account, bookingDate, valueDate, amount, description, payee, counterpartyAccount, memo,
        reference, balance, category);
    byte[] d = SCRATCH.get().digest;
    digest0(DIGEST.get(), p.key, d);
    p.fingerprint = fingerprint(d);
    p.first = p.transaction(source, HEX.formatHex(d, 0, 16));
    return p;
  }

  /**
   * The SHA-256 of a key's first occurrence ({@code key ‖ 0x1F ‖ "0"}), whose first 16 bytes are the id
   * {@link #id} gives for occurrence 0.
   */
  static void digest0(MessageDigest sha256, String key, byte[] out) {
    sha256.update(key.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0x1f);
    sha256.update((byte) '0');
    try {
      sha256.digest(out, 0, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The occurrence counter's 64-bit fingerprint of a key: the first 8 bytes of its occurrence-0 digest
   * ({@link #digest0}), which the id needs anyway (ADR 0023; it replaced an FNV-1a pass over the key's
   * characters). Never 0 (0 marks a free slot of the table).
   */
  static long fingerprint(byte[] digest0) {
    long h = 0;
    for (int k = 0; k < 8; k++) {
      h = h << 8 | (digest0[k] & 0xff);
    }
    return h == 0 ? 1 : h;
  }

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(ReportCollector::sha256);

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** {@link TransactionIds#of}'s id of a content key and occurrence, with a reused digest. */
  static String id(MessageDigest sha256, String key, int occurrence) {
    sha256.update(key.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0x1f);
    if (occurrence < 10) {
      sha256.update((byte) ('0' + occurrence));
    } else {
      sha256.update(Integer.toString(occurrence).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] h = sha256.digest();
    return HEX.formatHex(h, 0, 16);
  }

  /**
   * What each preparing thread reuses: the content key's builder (a builder per row was a tenth of the
   * time) and the text of the last booking date.
   */
  private static final class Scratch {
    final StringBuilder key = new StringBuilder(256);
    final byte[] digest = new byte[32];
    LocalDate date;
    String dateText;
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final long[] TENS = new long[19];

  static {
    TENS[0] = 1;
    for (int i = 1; i < TENS.length; i++) {
      TENS[i] = TENS[i - 1] * 10;
    }
  }

  /**
   * Appends {@code v.stripTrailingZeros().toPlainString()} (the content key's amount), writing the digits
   * straight into the builder when the value has at most 18 digits and a scale of 0–18.
   *
   * @param sb where to append
   * @param v the amount
   */
  static void appendStrippedPlain(StringBuilder sb, java.math.BigDecimal v) {
    int scale = v.scale();
    if (scale < 0 || scale > 18 || v.precision() > 18) {
      sb.append(v.stripTrailingZeros().toPlainString());
      return;
    }
    long u = scale == 0 ? v.longValue() : v.movePointRight(scale).longValue();
    if (u == 0) {
      sb.append('0');
      return;
    }
    while (scale > 0 && u % 10 == 0) {
      u /= 10;
      scale--;
    }
    if (u < 0) {
      sb.append('-');
      u = -u;
    }
    if (scale == 0) {
      sb.append(u);
      return;
    }
    long ten = TENS[scale];
    long frac = u % ten;
    sb.append(u / ten).append('.');
    for (int d = scale - 1; d > 0 && frac < TENS[d]; d--) {
      sb.append('0');
    }
    sb.append(frac);
  }

  /**
   * Adds a prepared transaction: counts its content key and gives it its stable id. Call in source
   * order.
   *
   * @param p the prepared transaction
   * @return the transaction
   */
  public Transaction accept(Pending p) {
    long f = p.fingerprint;
    String id0 = null;
    if (f == 0) {
      digest0(sha256, p.key, digest);
      f = fingerprint(digest);
      id0 = HEX.formatHex(digest, 0, 16);
    }
    int occurrence = occurrences.next(f);
    Transaction t = occurrence == 0 && p.first != null && p.first.provenance().source().equals(source) ? p.first
        : occurrence == 0 && id0 != null ? p.transaction(source, id0)
        : p.transaction(source, id(sha256, p.key, occurrence));
    if (stopped) {
      return t; // the sink asked to stop: deliver nothing more
    }
    accepted++;
    if (!sink.transaction(t)) {
      stopped = true;
    }
    return t;
  }

  /**
   * Rejects a record.
   *
   * @param line the 1-based line or record number
   * @param field the field, or null
   * @param reason what is wrong and how to fix it
   * @throws IngestException in strict mode
   */
  public void reject(long line, String field, String reason) {
    if (strict) {
      throw new IngestException(source, line, field, reason + " (strict mode: the whole source is rejected)");
    }
    if (stopped) {
      return;
    }
    rejected++;
    if (!sink.problem(new IngestProblem(source, Math.max(0, line), field, reason))) {
      stopped = true;
    }
  }

  /**
   * Whether the sink asked to stop; record loops check it and end.
   *
   * @return true once the sink returned false
   */
  public boolean stopped() {
    return stopped;
  }

  /**
   * Says something about an accepted record or the whole source: it was read under an assumption
   * that the reason states, with the option that overrides it. Never fails in strict mode.
   *
   * @param line the 1-based line or record number, or 0 for the whole source
   * @param field the field, or null
   * @param reason the assumption and how to override it
   */
  public void warn(long line, String field, String reason) {
    if (stopped) {
      return;
    }
    warned++;
    if (!sink.problem(new IngestProblem(source, Math.max(0, line), field, reason, IngestProblem.Severity.WARNING))) {
      stopped = true;
    }
  }

  /**
   * How many transactions were accepted so far.
   *
   * @return the count
   */
  public long accepted() {
    return accepted;
  }

  /**
   * How many records were rejected so far (warnings are not counted).
   *
   * @return the count
   */
  public long rejected() {
    return rejected;
  }

  /**
   * The report.
   *
   * @param layout what was detected or used
   * @return the report
   */
  public IngestReport report(Map<String, String> layout) {
    if (compact == null) {
      throw new IllegalStateException("this collector streams into a sink; use summary(layout)");
    }
    IngestSummary s = summary(layout);
    if (built == null) {
      built = compact.build();
    }
    return new IngestReport(s.source(), s.format(), built, problems, 0, s.layout());
  }

  /** The sink of a collecting collector: what {@link IngestSink#collecting()} keeps, in the same form. */
  private final class Collect implements IngestSink {
    @Override
    public boolean transaction(Transaction transaction) {
      if (built != null) {
        throw new IllegalStateException("the report was already built");
      }
      compact.add(transaction);
      return true;
    }

    @Override
    public boolean problem(IngestProblem problem) {
      problems.add(problem);
      return true;
    }
  }

  /**
   * Whether this collector collects a report (no sink given), so that rows prepared on other threads
   * may be handed over already compacted ({@link #accept(Compacted, int, int)}).
   *
   * @return true when collecting
   */
  public boolean collecting() {
    return compact != null;
  }

  /**
   * Prepared rows compacted on the thread that prepared them ({@link CompactTransactions}, each row as the
   * transaction of a first occurrence of its key), for a collecting collector to append in bulk. Fill it
   * with {@link #add}, then {@link #seal()} it on the same thread. Not thread-safe; hand it over once.
   */
  public static final class Compacted {
    private final CompactTransactions.Builder rows;
    private Pending[] prepared;
    private int size;
    private CompactTransactions sealed;

    /**
     * An empty part.
     *
     * @param expected about how many rows it will hold
     */
    public Compacted(int expected) {
      rows = CompactTransactions.builder(expected);
      prepared = new Pending[Math.max(16, expected)];
    }

    /**
     * Adds a row made by {@link #prepareWithId}.
     *
     * @param p the prepared row
     * @throws IllegalArgumentException when it was made by {@link #prepare} (it has no first transaction)
     */
    public void add(Pending p) {
      if (p.first == null) {
        throw new IllegalArgumentException("a compacted row needs the transaction of its first occurrence");
      }
      if (size == prepared.length) {
        prepared = java.util.Arrays.copyOf(prepared, size * 2);
      }
      rows.add(p.first);
      prepared[size++] = p;
    }

    /**
     * Rows added so far.
     *
     * @return the count
     */
    public int size() {
      return size;
    }

    /** Builds the columns (on the preparing thread); no row can be added after. */
    public void seal() {
      sealed = rows.build();
    }
  }

  /**
   * Adds rows {@code from}–{@code to} (exclusive) of a sealed part, in source order: the same as
   * {@link #accept(Pending)} of each (the occurrence of each key counted, a repeated key's id
   * recomputed), but appended column by column. Only for a collecting collector.
   *
   * @param part the part
   * @param from the first row
   * @param to the end of the rows (exclusive)
   * @throws IllegalStateException when this collector streams into a sink or the part is not sealed
   */
  public void accept(Compacted part, int from, int to) {
    if (compact == null || part.sealed == null) {
      throw new IllegalStateException(compact == null ? "not collecting" : "the part is not sealed");
    }
    java.util.Objects.checkFromToIndex(from, to, part.size);
    if (built != null) {
      throw new IllegalStateException("the report was already built");
    }
    CompactTransactions c = part.sealed;
    int run = from;
    for (int r = from; r < to; r++) {
      Pending p = part.prepared[r];
      int occurrence = occurrences.next(p.fingerprint);
      if (occurrence != 0 || !p.first.provenance().source().equals(source)) {
        compact.addAll(c, run, r);
        compact.add(p.transaction(source, id(sha256, p.key, occurrence)));
        run = r + 1;
      }
    }
    compact.addAll(c, run, to);
    accepted += to - from;
  }

  /**
   * Ends the reading: tells the sink ({@link IngestSink#complete}) and returns the counts.
   *
   * @param layout what was detected or used
   * @return the summary
   */
  public IngestSummary summary(Map<String, String> layout) {
    IngestSummary s = new IngestSummary(source, format, accepted, rejected + warned, stopped, layout);
    sink.complete(s);
    return s;
  }

  /**
   * Trims and folds runs of white space into one space.
   *
   * @param s the text
   * @return the folded text
   */
  public static String collapse(String s) {
    String t = s.strip();
    boolean clean = true;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c) && (c != ' ' || i + 1 < t.length() && Character.isWhitespace(t.charAt(i + 1)))) {
        clean = false;
        break;
      }
    }
    if (clean) {
      return t;
    }
    StringBuilder sb = new StringBuilder(t.length());
    boolean space = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c)) {
        space = true;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Appends {@link TransactionIds#normalizeDescription} of a description: {@code trim()}, runs of
   * {@code [ \t\n\x0B\f\r]} folded to one space, upper case in the root locale.
   *
   * @param out where to append
   * @param description the description
   */
  static void appendNormalized(StringBuilder out, String description) {
    int st = 0;
    int end = description.length();
    while (st < end && description.charAt(st) <= ' ') {
      st++;
    }
    while (end > st && description.charAt(end - 1) <= ' ') {
      end--;
    }
    boolean simple = true;
    for (int i = st; i < end; i++) {
      char c = description.charAt(i);
      if (c > 0x7e || c >= 'a' && c <= 'z' || isRegexSpace(c) && (c != ' ' || isRegexSpace(description.charAt(i + 1)))) {
        simple = false;
        break;
      }
    }
    if (simple) {
      out.append(description, st, end);
      return;
    }
    StringBuilder sb = new StringBuilder(end - st);
    int i = st;
    while (i < end) {
      char c = description.charAt(i);
      if (isRegexSpace(c)) {
        while (i < end && isRegexSpace(description.charAt(i))) {
          i++;
        }
        sb.append(' ');
      } else {
        sb.append(c);
        i++;
      }
    }
    out.append(sb.toString().toUpperCase(Locale.ROOT));
  }

  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
