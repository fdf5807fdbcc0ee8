package dev.pfms.core.ingest.csv;

import dev.pfms.api.IngestException;
import dev.pfms.core.ingest.internal.Accounts;
import dev.pfms.core.ingest.internal.Amounts;
import dev.pfms.core.ingest.internal.Dates;
import dev.pfms.core.ingest.internal.IngestPool;
import dev.pfms.core.ingest.internal.ReportCollector;
import dev.pfms.core.ingest.internal.Texts;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.IngestSummary;
import dev.pfms.api.spi.IngestSink;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads bank CSV exports: detects the layout once from the head of the file (or takes it from a
 * {@link CsvProfile}), then reads every row with precomputed column indexes and hand-written date
 * and amount parsers. Immutable and thread-safe.
 *
 * <p>Every row becomes a transaction or a located problem (file, line, column, reason); a problem
 * with the file as a whole (no date column, undecidable date order, unreadable bytes) is an
 * {@link IngestException} that says what could not be decided and how to fix it. The report's
 * {@code layout} says what was detected; {@link #detect} returns it as a profile to save.
 */
public final class CsvIngestor implements Ingestor {

  private final CsvProfile profile;
  private final CsvDetector.Options options;
  private final boolean strict;

  /**
   * Creates an ingestor.
   *
   * @param profile the profile to apply ({@link CsvProfile#detectAll()} to detect everything)
   * @param matchShipped whether a shipped profile whose header matches the file is applied
   * @param account the account when the file has none, or null
   * @param currency the currency code when the file has none, or null
   * @param dayFirst how to read ambiguous numeric dates, or null to decide from the data
   * @param decimal the decimal separator, or null to decide from the data
   * @param strict whether the first bad row fails the whole file
   */
  public CsvIngestor(CsvProfile profile, boolean matchShipped, String account, String currency, Boolean dayFirst,
      Character decimal, boolean strict) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.options = new CsvDetector.Options(account, currency, dayFirst, decimal, matchShipped);
    this.strict = strict;
  }

  /**
   * An ingestor that detects everything and applies matching shipped profiles.
   *
   * @return the ingestor
   */
  public static CsvIngestor detecting() {
    return new CsvIngestor(CsvProfile.detectAll(), true, null, null, null, null, false);
  }

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public int recognize(byte[] head, String name) {
    if (head.length == 0) {
      return 0;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    Texts.Detected det = Texts.detect(head);
    String cs = det.charset().name();
    if (cs.startsWith("UTF-16") || cs.startsWith("UTF-32")) {
      String t = Texts.decode(head, det).stripLeading();
      if (t.isEmpty() || "<{:!".indexOf(t.charAt(0)) >= 0 || t.indexOf('\0') >= 0) {
        return 0;
      }
    } else {
      int start = 0;
      while (start < head.length && start < 64 && (head[start] == ' ' || head[start] == '\n' || head[start] == '\r'
          || head[start] == '\t' || (head[start] & 0xff) == 0xef || (head[start] & 0xff) == 0xbb
          || (head[start] & 0xff) == 0xbf)) {
        start++;
      }
      if (start < head.length && (head[start] == '<' || head[start] == '{' || head[start] == ':'
          || head[start] == '!')) {
        return 0; // XML/SGML, JSON, MT940, QIF
      }
      for (byte b : head) {
        if (b == 0) {
          return 0;
        }
      }
    }
    try {
      CsvDetector.plan(head, name, profile, options);
      return lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt") ? 80 : 60;
    } catch (RuntimeException e) {
      return lower.endsWith(".csv") ? 10 : 0;
    }
  }

  /**
   * Detects a source's layout without reading it all, as a profile that can be saved, edited and
   * passed back (option {@code profile}).
   *
   * @param source the source
   * @param name the name to give the profile
   * @return the detected layout
   * @throws IngestException when the layout cannot be decided
   */
  public CsvProfile detect(IngestSource source, String name) {
    return CsvDetector.plan(source.head(CsvDetector.HEAD_BYTES), source.name(), profile, options).toProfile(name);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The report's transactions are compacted ({@link dev.pfms.api.model.CompactTransactions}) where
   * they are prepared, on the ingest pool for a large file, and appended in source order: the same
   * transactions, ids, order and problems as {@link Ingestor#collect} over the streaming call.
   */
  @Override
  public IngestReport ingest(IngestSource source) {
    ReportCollector out = new ReportCollector(source.name(), format(), strict);
    return out.report(read(source, out));
  }

  @Override
  public IngestSummary ingest(IngestSource source, IngestSink sink) {
    ReportCollector out = new ReportCollector(source.name(), format(), strict, Objects.requireNonNull(sink, "sink"));
    return out.summary(read(source, out));
  }

  /** Reads the source into the collector; returns the layout for its summary or report. */
  private Map<String, String> read(IngestSource source, ReportCollector out) {
    byte[] head = source.head(CsvDetector.HEAD_BYTES);
    Plan p = CsvDetector.plan(head, source.name(), profile, options);
    if (head.length >= CsvDetector.HEAD_BYTES && p.charset.equals(java.nio.charset.StandardCharsets.UTF_8)
        && p.bomLength == 0 && profile.charset() == null) {
      // the head was UTF-8; check the rest before trusting it
      try (InputStream in = source.open()) {
        long bad = Texts.firstNonUtf8Line(in);
        boolean headAscii = true;
        for (byte b : head) {
          if (b < 0) {
            headAscii = false;
            break;
          }
        }
        if (bad > 0 && !headAscii) {
          out.warn(bad, null, "bytes that are not UTF-8 from this line on are read as \ufffd (the rest of the file "
              + "is UTF-8)");
        } else if (bad > 0) {
          p.charset = Texts.WINDOWS_1252;
          out.warn(bad, null, "the file is not UTF-8 from this line on (the first "
              + (CsvDetector.HEAD_BYTES >> 10) + " KiB were): the whole file is read as windows-1252");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source.name() + ": " + e.getMessage(), e);
      }
    }
    if (!p.dateOrderCertain && p.dayFirstForced == null) {
      wholeColumnOrder(source, p, out);
    }
    for (String[] w : p.warnings) {
      out.warn(0, w[0], w[1]);
    }
    CSVFormat f = CSVFormat.DEFAULT.builder().setDelimiter(p.delimiter).setIgnoreEmptyLines(false)
        .setIgnoreSurroundingSpaces(false).get();
    RowReader rows = new RowReader(p, out, source.name());
    try {
      long skip = 0;
      if (RecordChunker.supports(p.charset, p.delimiter) && !commonsOnly) {
        // cut the bytes into chunks of whole records here; the pool decodes, splits and prepares them
        RecordChunker chunker;
        try (InputStream in = source.open()) {
          in.skipNBytes(p.bomLength);
          chunker = new RecordChunker(in, p.delimiter);
          rows.readChunks(chunker);
        }
        if (!chunker.irregular() || out.stopped()) {
          return p.layout();
        }
        skip = chunker.records(); // commons-csv reads on from the record the chunker does not mirror
      }
      try (InputStream in = source.open()) {
        in.skipNBytes(p.bomLength);
        BufferedReader reader = new BufferedReader(new LineLimit(new InputStreamReader(in, p.charset)), 1 << 16);
        try (CSVParser parser = CSVParser.parse(reader, f)) {
          rows.read(parser, skip);
        }
      }
    } catch (LineTooLong e) {
      out.reject(e.line, null, e.getMessage() + "; this line and the rest of the file were not read");
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof LineTooLong t)) {
        throw e;
      }
      out.reject(t.line, null, t.getMessage() + "; this line and the rest of the file were not read");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source.name() + ": " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new IngestException(source.name(), 0, null, "the CSV is malformed: " + e.getMessage(), e);
    }
    return p.layout();
  }

  /**
   * When the head left the day/month order only likelier, looks at the date column of the whole file
   * for a value with a part above 12, which decides it.
   */
  private static void wholeColumnOrder(IngestSource source, Plan p, ReportCollector out) {
    CSVFormat f = CSVFormat.DEFAULT.builder().setDelimiter(p.delimiter).setIgnoreEmptyLines(true).get();
    int day = 0;
    int month = 0;
    try (InputStream in = source.open()) {
      in.skipNBytes(p.bomLength);
      BufferedReader reader = new BufferedReader(new LineLimit(new InputStreamReader(in, p.charset)), 1 << 16);
      try (CSVParser parser = CSVParser.parse(reader, f)) {
        for (CSVRecord r : parser) {
          if (r.size() > p.date) {
            int v = Dates.orderVote(r.get(p.date));
            if (v == 1) {
              day++;
            } else if (v == 2) {
              month++;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return; // the real read reports what is wrong with the file
    }
    if (day == 0 && month == 0) {
      return;
    }
    p.dayFirst = day >= month;
    p.dateOrderCertain = true;
    p.warnings.removeIf(w -> w[0] != null && w[0].equals(p.columnName(p.date)) && w[1].contains("could be day/month"));
    p.notes.add("the date order was decided by " + Math.max(day, month) + " value(s) after the first rows with a "
        + (p.dayFirst ? "first" : "second") + " part above 12");
  }

  /**
   * Rows read on the calling thread before the pool prepares chunks ({@code RowReader.SEQUENTIAL_ROWS});
   * a test sets it higher to compare the chunked read with a sequential one. Not part of the API.
   */
  static volatile int sequentialLimit = RowReader.SEQUENTIAL_ROWS;

  /**
   * Whether every row is read by commons-csv (the reading before issue 18's chunker); a test sets it to
   * compare both readings. Not part of the API.
   */
  static volatile boolean commonsOnly;

  /** Where the row code sends what it found: the collector, or a chunk's record (replayed in order). */
  private interface Emitter {
    void reject(long line, String field, String reason);

    void warn(long line, String field, String reason);

    void accept(ReportCollector.Pending t);
  }

  /**
   * The row loop, with per-file caches. Not thread-safe: one per call. After the first
   * {@code SEQUENTIAL_ROWS} rows, rows are read in chunks that the ingest pool prepares (dates,
   * amounts, merchant keys) while this thread parses on; the chunks' results are replayed here in
   * source order, so ids, occurrence counts and the order of transactions and problems are those of
   * a sequential read.
   */
  private static final class RowReader {
    private final Plan p;
    private final ReportCollector out;
    private final String source;
    private final Map<String, String> accounts = new HashMap<>();
    private final Map<String, Category> categories = new HashMap<>();
    private final Map<String, Currency> currencies = new HashMap<>();
    private final String defaultAccount;
    private final StringBuilder desc = new StringBuilder(128);
    /** The last booking date read, by its text (the order of day/month is fixed for the file). */
    private String lastDateText;
    private LocalDate lastDate;

    RowReader(Plan p, ReportCollector out, String source) {
      this.p = p;
      this.out = out;
      this.source = source;
      this.defaultAccount = Accounts.choose(null, p.configuredAccount, source);
      this.firstData = p.skipRows + (p.hasHeader ? 1 : 0);
    }

    /** Records read so far (blank lines not counted): the first {@link #firstData} are the preamble and header. */
    private int record;
    private final int firstData;

    /**
     * Reads the chunks the chunker cuts: the first rows on this thread, then each chunk decoded,
     * split and prepared on the pool and replayed here in order.
     */
    void readChunks(RecordChunker chunker) throws IOException {
      CsvSplitter split = new CsvSplitter(p.delimiter);
      while (!out.stopped()) {
        boolean here = sequentialRows < sequentialLimit || record < firstData;
        RecordChunker.Chunk c = chunker.next(CHUNK_ROWS, CHUNK_BYTES);
        if (c == null) {
          break;
        }
        if (here) {
          split.reset(new String(c.bytes, p.charset), c.eolsBefore);
          while (!out.stopped() && split.next()) {
            record(split.values(), split.line(), split.last(), direct, true);
          }
        } else {
          boolean compact = out.collecting();
          inFlight.add(IngestPool.submit(() -> {
            Recorded rec = new Recorded(compact);
            RowReader worker = new RowReader(p, null, source); // its own caches: one per chunk
            CsvSplitter s = new CsvSplitter(p.delimiter);
            s.reset(new String(c.bytes, p.charset), c.eolsBefore);
            while (s.next()) {
              worker.record(s.values(), s.line(), s.last(), rec, false);
            }
            rec.seal();
            return rec;
          }));
          drain(IN_FLIGHT);
        }
      }
      drain(0);
    }

    /** One record as the row loop of {@link #read} treats it; {@code counted} on the reading thread only. */
    private void record(String[] v, long line, long last, Emitter em, boolean counted) {
      if (v.length == 1 && v[0].isEmpty()) {
        return; // blank line
      }
      if (counted && record++ < firstData) {
        return;
      }
      if (p.hasHeader && v.length == p.headerCells.size() && isHeader(v)) {
        em.reject(line, null, "the header line is repeated here; skipped");
        return;
      }
      if (last > line && v.length != p.width && p.width > 0) {
        em.reject(line, null, "a quoted field runs from line " + line + " to line " + last + " and the row then has "
            + v.length + " field(s), not " + p.width + ": lines " + line + "–" + last + " were not read");
        return;
      }
      row(v, line, em);
      if (counted) {
        sequentialRows++;
      }
    }

    /**
     * Reads records with commons-csv, skipping the first {@code skip} (those the chunker already cut).
     */
    void read(CSVParser parser, long skip) {
      long lineBefore = 0;
      long skipped = 0;
      if (skip > 0 && sequentialRows >= sequentialLimit) {
        chunk = new Chunk();
      }
      java.util.Iterator<CSVRecord> it = parser.iterator();
      while (!out.stopped()) {
        CSVRecord r;
        try {
          if (!it.hasNext()) {
            break;
          }
          r = it.next();
        } catch (UncheckedIOException e) {
          if (!(e.getCause() instanceof org.apache.commons.csv.CSVException)) {
            throw e;
          }
          // commons-csv cannot resume after broken quoting: keep what was read, say where it stopped
          if (chunk != null) {
            submit();
            drain(0);
          }
          out.reject(lineBefore + 1, null, "the CSV quoting is broken here (" + e.getCause().getMessage()
              + "); this line and the rest of the file were not read");
          return;
        }
        long line = lineBefore + 1;
        lineBefore = parser.getCurrentLineNumber();
        if (skipped < skip) {
          skipped++;
          continue;
        }
        if (r.size() == 1 && r.get(0).isEmpty()) {
          continue; // blank line
        }
        int index = record++;
        if (index < firstData) {
          continue;
        }
        if (p.hasHeader && r.size() == p.headerCells.size() && isHeader(r)) {
          loopProblem(line, null, "the header line is repeated here; skipped");
          continue;
        }
        long last = lineBefore;
        if (last > line && r.size() != p.width && p.width > 0) {
          // a quote opened here swallowed the line break(s): say so rather than read lines as one row
          loopProblem(line, null, "a quoted field runs from line " + line + " to line " + last + " and the row then has "
              + r.size() + " field(s), not " + p.width + ": lines " + line + "–" + last + " were not read");
          continue;
        }
        if (chunk == null) {
          row(r.values(), line, direct);
          if (++sequentialRows >= sequentialLimit) {
            chunk = new Chunk(); // a large source: from here on, rows are prepared on the pool
          }
        } else {
          chunk.rows.add(r.values());
          chunk.lines.add(line);
          if (chunk.rows.size() == CHUNK_ROWS) {
            submit();
          }
        }
      }
      if (chunk != null) {
        submit();
        drain(0);
      }
    }

    /** Rows read in order before the pool is used: small sources never leave the calling thread. */
    static final int SEQUENTIAL_ROWS = 8192;
    /** Rows per chunk prepared on the pool. */
    static final int CHUNK_ROWS = 4096;
    /** Bytes after which a chunk of the chunker ends at the next record end. */
    static final int CHUNK_BYTES = 1 << 20;
    /** Chunks in flight at most: bounds the memory to a few chunks whatever the file's size. */
    static final int IN_FLIGHT = 4;

    private final Emitter direct = new Emitter() {
      @Override
      public void reject(long line, String field, String reason) {
        out.reject(line, field, reason);
      }

      @Override
      public void warn(long line, String field, String reason) {
        out.warn(line, field, reason);
      }

      @Override
      public void accept(ReportCollector.Pending t) {
        out.accept(t);
      }
    };
    private int sequentialRows;
    private Chunk chunk;
    private final java.util.ArrayDeque<java.util.concurrent.Future<Recorded>> inFlight = new java.util.ArrayDeque<>();

    /** Rows of the source in order, with the problems the row loop found between them. */
    private static final class Chunk {
      final List<String[]> rows = new ArrayList<>(CHUNK_ROWS);
      final List<Long> lines = new ArrayList<>(CHUNK_ROWS);
      /** Problems of the row loop (a repeated header, a broken quote), at the row index they precede. */
      final List<Object[]> loopEvents = new ArrayList<>();
    }

    /**
     * What preparing a chunk produced, in source order: Pending (or {@link #ROW} for the next row of
     * {@link #part} when the collector collects a report), or Object[] {kind, line, field, reason}.
     */
    private static final class Recorded implements Emitter {
      /** Stands for the next row of {@link #part} in {@link #events}. */
      static final Object ROW = new Object();
      final List<Object> events = new ArrayList<>(CHUNK_ROWS + 16);
      /** The chunk's rows compacted on the preparing thread, or null when they go to a sink one by one. */
      final ReportCollector.Compacted part;

      Recorded(boolean compact) {
        part = compact ? new ReportCollector.Compacted(CHUNK_ROWS) : null;
      }

      /** Ends the chunk on the preparing thread. */
      void seal() {
        if (part != null) {
          part.seal();
        }
      }

      @Override
      public void reject(long line, String field, String reason) {
        events.add(new Object[] {Boolean.TRUE, line, field, reason});
      }

      @Override
      public void warn(long line, String field, String reason) {
        events.add(new Object[] {Boolean.FALSE, line, field, reason});
      }

      @Override
      public void accept(ReportCollector.Pending t) {
        if (part != null) {
          part.add(t);
          events.add(ROW);
        } else {
          events.add(t);
        }
      }
    }

    private void loopProblem(long line, String field, String reason) {
      if (chunk == null) {
        out.reject(line, field, reason);
      } else {
        chunk.loopEvents.add(new Object[] {chunk.rows.size(), line, field, reason});
      }
    }

    private void submit() {
      Chunk c = chunk;
      chunk = new Chunk();
      if (c.rows.isEmpty() && c.loopEvents.isEmpty()) {
        return;
      }
      boolean compact = out.collecting();
      inFlight.add(IngestPool.submit(() -> {
        Recorded rec = new Recorded(compact);
        RowReader worker = new RowReader(p, null, source); // its own caches: one per chunk
        int e = 0;
        for (int i = 0; i < c.rows.size(); i++) {
          while (e < c.loopEvents.size() && (int) c.loopEvents.get(e)[0] == i) {
            Object[] ev = c.loopEvents.get(e++);
            rec.reject((long) ev[1], (String) ev[2], (String) ev[3]);
          }
          worker.row(c.rows.get(i), c.lines.get(i), rec);
        }
        while (e < c.loopEvents.size()) {
          Object[] ev = c.loopEvents.get(e++);
          rec.reject((long) ev[1], (String) ev[2], (String) ev[3]);
        }
        rec.seal();
        return rec;
      }));
      drain(IN_FLIGHT);
    }

    /** Replays finished chunks in order until at most {@code keep} are in flight. */
    private void drain(int keep) {
      while (inFlight.size() > keep) {
        Recorded rec;
        try {
          rec = inFlight.poll().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IngestException(source, 0, null, "interrupted while reading", e);
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(e.getCause());
        }
        int row = 0; // rows of rec.part up to here
        int from = 0; // the first not yet accepted
        for (Object ev : rec.events) {
          if (ev == Recorded.ROW) {
            row++;
          } else if (ev instanceof ReportCollector.Pending t) {
            out.accept(t);
          } else {
            if (row > from) {
              out.accept(rec.part, from, row); // the rows before this problem, in bulk
              from = row;
            }
            Object[] pr = (Object[]) ev;
            if ((Boolean) pr[0]) {
              out.reject((long) pr[1], (String) pr[2], (String) pr[3]);
            } else {
              out.warn((long) pr[1], (String) pr[2], (String) pr[3]);
            }
          }
        }
        if (row > from) {
          out.accept(rec.part, from, row);
        }
      }
    }

    private boolean isHeader(String[] r) {
      for (int i = 0; i < r.length; i++) {
        if (!r[i].strip().equalsIgnoreCase(p.headerCells.get(i).strip())) {
          return false;
        }
      }
      return true;
    }

    private boolean isHeader(CSVRecord r) {
      for (int i = 0; i < r.size(); i++) {
        if (!r.get(i).strip().equalsIgnoreCase(p.headerCells.get(i).strip())) {
          return false;
        }
      }
      return true;
    }

    private String cell(String[] r, int i) {
      return i >= 0 && i < r.length ? r[i] : "";
    }

    private void row(String[] r, long line, Emitter out) {
      for (int i = 0; i < r.length; i++) {
        String v = r[i];
        if (v.length() > MAX_FIELD_CHARS) {
          out.reject(line, p.columnName(i), "the field is " + v.length() + " characters long; at most " + MAX_FIELD_CHARS
              + " are read");
          return;
        }
      }
      for (int i = 0; i < r.length; i++) {
        if (r[i].indexOf('\ufffd') >= 0) {
          out.warn(line, p.columnName(i), "bytes that are not " + p.charset.name() + " were replaced by \ufffd");
          break;
        }
      }
      if (p.width > 0 && r.length > p.width) {
        for (int i = p.width; i < r.length; i++) {
          if (!r[i].isBlank()) {
            out.warn(line, null, "the row has " + r.length + " fields, the layout " + p.width + ": the fields after the "
                + p.width + "th were not read (a line break or a quote may be missing here)");
            break;
          }
        }
      }
      if (r.length <= maxIndex()) {
        boolean allBlank = true;
        for (int i = 0; i < r.length && allBlank; i++) {
          allBlank = r[i].isBlank();
        }
        if (allBlank) {
          return;
        }
        out.reject(line, null, "the row has " + r.length + " field(s), but the layout needs " + (maxIndex() + 1)
            + " (is it a summary or a note line?)");
        return;
      }
      String dateText = r[p.date];
      LocalDate date;
      try {
        if (dateText.equals(lastDateText)) {
          date = lastDate; // rows come day by day: the same text is the same date
        } else {
          date = Dates.parse(dateText, p.dayFirst);
          lastDateText = dateText;
          lastDate = date;
        }
      } catch (DateTimeException e) {
        out.reject(line, p.columnName(p.date), dateText.isBlank() ? "no date" : "cannot read \"" + clip(dateText)
            + "\" as a date (" + p.dateFormat + "): " + e.getMessage());
        return;
      }
      LocalDate valueDate = null;
      if (p.valueDate >= 0) {
        String v = cell(r, p.valueDate);
        if (!v.isBlank()) {
          try {
            valueDate = Dates.parse(v, p.dayFirst);
          } catch (DateTimeException e) {
            out.reject(line, p.columnName(p.valueDate), "cannot read \"" + clip(v) + "\" as a date (" + p.dateFormat
                + "): " + e.getMessage());
            return;
          }
        }
      }
      BigDecimal amount;
      int col = p.amount;
      try {
        if (p.amount >= 0) {
          String a = r[p.amount];
          if (a.isBlank()) {
            out.reject(line, p.columnName(p.amount), "no amount");
            return;
          }
          amount = p.amountFormat.parse(a);
          if (p.type >= 0) {
            String t = cell(r, p.type).strip().toLowerCase(Locale.ROOT);
            Integer sign = p.typeSigns.get(t);
            if (sign == null) {
              out.reject(line, p.columnName(p.type), "cannot tell whether \"" + clip(t) + "\" is a debit or a credit");
              return;
            }
            amount = sign < 0 ? amount.abs().negate() : amount.abs();
          }
        } else {
          String d = r[p.debit];
          String c = r[p.credit];
          if (d.isBlank() && c.isBlank()) {
            out.reject(line, p.columnName(p.debit), "neither " + p.columnName(p.debit) + " nor "
                + p.columnName(p.credit) + " has an amount");
            return;
          }
          col = p.debit;
          BigDecimal debit = d.isBlank() ? BigDecimal.ZERO : p.amountFormat.parse(d).abs();
          col = p.credit;
          BigDecimal credit = c.isBlank() ? BigDecimal.ZERO : p.amountFormat.parse(c).abs();
          amount = credit.subtract(debit);
        }
      } catch (NumberFormatException e) {
        out.reject(line, p.columnName(col), "cannot read \"" + clip(r[col]) + "\" as an amount (decimal '"
            + p.amountFormat.decimal() + "'): " + e.getMessage());
        return;
      }
      if (p.negate) {
        amount = amount.negate();
      }
      Currency cur = p.defaultCurrency;
      if (p.currency >= 0) {
        String code = cell(r, p.currency).strip();
        if (!code.isEmpty()) {
          cur = currencies.get(code);
          if (cur == null) {
            try {
              cur = Currency.getInstance(code.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
              out.reject(line, p.columnName(p.currency), "\"" + clip(code) + "\" is not an ISO 4217 currency code");
              return;
            }
            currencies.put(code, cur);
          }
        }
        if (cur == null) {
          out.reject(line, p.columnName(p.currency), "no currency (set option currency for rows without one)");
          return;
        }
      }
      Money money;
      Money balance = null;
      try {
        money = Amounts.money(amount, cur);
        if (p.balance >= 0) {
          String b = cell(r, p.balance);
          if (!b.isBlank()) {
            try {
              balance = Amounts.money(p.amountFormat.parse(b), cur);
            } catch (NumberFormatException e) {
              out.reject(line, p.columnName(p.balance), "cannot read \"" + clip(b) + "\" as a balance: "
                  + e.getMessage());
              return;
            }
          }
        }
      } catch (ArithmeticException e) {
        out.reject(line, p.columnName(col), "the amount has more decimals than " + cur.getCurrencyCode() + " allows");
        return;
      }
      String account = defaultAccount;
      if (p.account >= 0) {
        String raw = cell(r, p.account);
        if (!raw.isBlank()) {
          account = accounts.computeIfAbsent(raw, k -> Accounts.mask(k));
        }
      }
      String payee = p.payee >= 0 ? cell(r, p.payee) : null;
      if (p.from >= 0) {
        // money in comes from "From", money out goes to "To": the other column is the owner
        payee = cell(r, amount.signum() < 0 ? p.to : p.from);
      }
      String cpAccount = p.counterpartyAccount >= 0 ? cell(r, p.counterpartyAccount) : null;
      String memo = p.memo >= 0 ? cell(r, p.memo) : null;
      String reference = p.reference >= 0 ? cell(r, p.reference) : null;
      String description;
      if (p.description.length == 1) {
        description = cell(r, p.description[0]).strip();
      } else {
        desc.setLength(0);
        for (int i : p.description) {
          String part = i < r.length ? r[i].strip() : "";
          if (!part.isEmpty()) {
            if (desc.length() > 0) {
              desc.append(' ');
            }
            desc.append(part);
          }
        }
        description = desc.toString();
      }
      if (description.isEmpty() && payee != null) {
        description = payee.strip();
      } else if (p.descriptionIsMemo && memo == null && (payee != null && !payee.isBlank())) {
        memo = description;
      }
      if (p.labelledText && payee == null) {
        LabelledText lt = LabelledText.parse(description);
        payee = lt.counterparty();
        if (cpAccount == null) {
          cpAccount = lt.account();
        }
        if (memo == null) {
          memo = lt.memo();
        }
        if (reference == null || reference.isBlank()) {
          reference = lt.reference();
        }
      }
      Category category = null;
      if (p.category >= 0) {
        String c = cell(r, p.category).strip();
        if (!c.isEmpty()) {
          category = categories.computeIfAbsent(c, Category::of);
        }
      }
      out.accept(ReportCollector.prepareWithId(source, line, account, date, valueDate, money, description, payee,
          cpAccount, memo,
          reference, balance, category));
    }

    private int maxIndex() {
      int m = Math.max(p.date, Math.max(p.amount, Math.max(p.debit, p.credit)));
      return m;
    }
  }

  /** The longest field read; longer ones are a located problem for their row. */
  static final int MAX_FIELD_CHARS = 64 * 1024;
  /** The longest physical line read; reading stops with a located problem at a longer one. */
  static final int MAX_LINE_CHARS = 4 * 1024 * 1024;

  /** Thrown by {@link LineLimit} when a line is longer than {@link #MAX_LINE_CHARS}. */
  static final class LineTooLong extends IOException {
    private static final long serialVersionUID = 1L;
    final long line;

    LineTooLong(long line) {
      super("line " + line + " is longer than " + MAX_LINE_CHARS + " characters");
      this.line = line;
    }
  }

  /** Counts characters since the last line break and stops at {@link #MAX_LINE_CHARS}. */
  static final class LineLimit extends java.io.FilterReader {
    private long sinceBreak;
    private long line = 1;

    LineLimit(java.io.Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count((char) c);
      }
      return c;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      int n = super.read(cbuf, off, len);
      for (int i = 0; i < n; i++) {
        count(cbuf[off + i]);
      }
      return n;
    }

    private void count(char c) throws LineTooLong {
      if (c == '\n') {
        sinceBreak = 0;
        line++;
      } else if (++sinceBreak > MAX_LINE_CHARS) {
        throw new LineTooLong(line);
      }
    }
  }

  private static String clip(String s) {
    String t = s.strip();
    return t.length() > 40 ? t.substring(0, 40) + "…" : t;
  }

  @Override
  public String toString() {
    return "CsvIngestor[profile=" + profile.name() + "]";
  }
}
