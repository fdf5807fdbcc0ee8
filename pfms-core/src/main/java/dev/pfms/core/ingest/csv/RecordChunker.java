package dev.pfms.core.ingest.csv;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts the bytes of a CSV written in an ASCII-compatible charset (UTF-8, windows-1252, ISO-8859-1)
 * into chunks that end at record boundaries exactly where commons-csv ({@code CSVFormat.DEFAULT} with
 * the file's delimiter: RFC 4180 quotes, {@code ""} inside quotes, line breaks inside quotes, CR, LF
 * and CRLF as record ends) would end them, without decoding: in these charsets the quote, the
 * delimiter and the line breaks are single bytes that are never part of a multi-byte character.
 * It also counts line breaks as commons-csv's line counter does, so every chunk knows the line its
 * first record starts on. Only the quote, CR and LF bytes are looked at outside quotes, so the scan
 * costs little next to decoding and splitting, which the ingest pool does per chunk
 * ({@link CsvSplitter}).
 *
 * <p>It stops before the first record whose reading it does not mirror exactly — characters
 * between a closing quote and the next delimiter (white space that commons-csv skips, or anything
 * it rejects), a quote still open at the end of the file, a line longer than
 * {@link CsvIngestor#MAX_LINE_CHARS} bytes, a record over {@link #MAX_RECORD_BYTES} — and says so
 * ({@link #irregular()}): the caller reads on from that record with commons-csv, which gives the
 * same located problems as before. Not thread-safe.
 */
final class RecordChunker {

  /** A record this large (in bytes) is left to commons-csv: bounds the buffer. */
  static final int MAX_RECORD_BYTES = 16 << 20;

  /** Whole records of the source, in order. */
  static final class Chunk {
    final byte[] bytes;
    /** Line breaks before the chunk (commons-csv's line number of the previous record's end). */
    final long eolsBefore;
    /** Records in the chunk (blank lines included, as commons-csv counts them). */
    final int records;

    Chunk(byte[] bytes, long eolsBefore, int records) {
      this.bytes = bytes;
      this.eolsBefore = eolsBefore;
      this.records = records;
    }
  }

  private static final int END = 0;
  private static final int RECORD = 1;
  private static final int IRREGULAR = 2;

  private final InputStream in;
  private final byte delimiter;
  private byte[] buf;
  /** Absolute offset of {@code buf[0]}. */
  private long base;
  private int start;
  private int pos;
  private int recordStart;
  private int filled;
  private boolean eof;
  private boolean overflow;
  private boolean irregular;
  private boolean done;
  private long eols;
  /** Absolute offset of the last '\n' (-1 before the first). */
  private long lastLf = -1;
  private long records;

  RecordChunker(InputStream in, char delimiter) {
    this(in, delimiter, 1 << 20);
  }

  /** With a given first buffer size (tests use tiny ones to cross buffer ends everywhere). */
  RecordChunker(InputStream in, char delimiter, int bufferSize) {
    this.buf = new byte[Math.max(1, bufferSize)];
    if (delimiter >= 0x80 || delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
      throw new IllegalArgumentException("delimiter must be an ASCII byte other than a quote or a line break");
    }
    this.in = in;
    this.delimiter = (byte) delimiter;
  }

  /**
   * Whether the chunker can cut a source in this charset with this delimiter.
   *
   * @param charset the charset
   * @param delimiter the delimiter
   * @return true for UTF-8, windows-1252, ISO-8859-1 and US-ASCII with an ASCII delimiter
   */
  static boolean supports(java.nio.charset.Charset charset, char delimiter) {
    String n = charset.name();
    boolean ascii = n.equals("UTF-8") || n.equals("windows-1252") || n.equals("ISO-8859-1") || n.equals("US-ASCII");
    return ascii && delimiter < 0x80 && delimiter != '"' && delimiter != '\r' && delimiter != '\n';
  }

  /**
   * Whether the scan stopped before a record it does not mirror (read on with commons-csv).
   *
   * @return true once {@link #next} returned null because of such a record
   */
  boolean irregular() {
    return irregular;
  }

  /**
   * Records handed out so far in chunks (blank lines included): where commons-csv takes over.
   *
   * @return the count
   */
  long records() {
    return records;
  }

  /**
   * The next chunk: at least one record, at most {@code maxRecords} records, ending after the first
   * record that reaches {@code maxBytes}.
   *
   * @param maxRecords records per chunk at most
   * @param maxBytes bytes after which the chunk ends at the next record end
   * @return the chunk, or null at the end of the source or before an irregular record
   * @throws IOException when the source cannot be read
   */
  Chunk next(int maxRecords, int maxBytes) throws IOException {
    if (done) {
      return null;
    }
    long eolsBefore = eols;
    int n = 0;
    while (n < maxRecords && pos - start < maxBytes) {
      long eolsAtRecord = eols;
      int r = scanRecord();
      if (r == RECORD) {
        n++;
        continue;
      }
      done = true;
      if (r == IRREGULAR) {
        irregular = true;
        eols = eolsAtRecord;
        pos = recordStart;
      }
      break;
    }
    if (n == 0) {
      return null;
    }
    byte[] bytes = Arrays.copyOfRange(buf, start, pos);
    start = pos;
    records += n;
    return new Chunk(bytes, eolsBefore, n);
  }

  /** Scans one record from {@code pos}; RECORD leaves {@code pos} after its line break. */
  private int scanRecord() throws IOException {
    recordStart = pos;
    while (true) {
      if (pos >= filled && !fill()) {
        if (overflow) {
          return IRREGULAR;
        }
        if (pos == recordStart) {
          return END;
        }
        eols++; // commons-csv counts the end of a last line without a line break as a line
        return lineTooLong(pos) ? IRREGULAR : RECORD;
      }
      byte b = buf[pos];
      if (b == '\n') {
        eols++;
        if (lineTooLong(pos)) {
          return IRREGULAR;
        }
        lastLf = base + pos;
        pos++;
        return RECORD;
      }
      if (b == '\r') {
        eols++;
        pos++;
        if (pos >= filled && !fill() && overflow) {
          return IRREGULAR;
        }
        if (pos < filled && buf[pos] == '\n') {
          if (lineTooLong(pos)) {
            return IRREGULAR;
          }
          lastLf = base + pos;
          pos++;
        }
        return lineTooLong(pos) ? IRREGULAR : RECORD;
      }
      if (b == '"' && (pos == recordStart || buf[pos - 1] == delimiter)) {
        pos++;
        while (true) {
          if (pos >= filled && !fill()) {
            return IRREGULAR; // a quote open at the end of the file: commons-csv's error
          }
          b = buf[pos];
          if (b == '"') {
            pos++;
            if (pos >= filled && !fill()) {
              if (overflow) {
                return IRREGULAR;
              }
              eols++;
              return RECORD; // the closing quote ends the file
            }
            byte c = buf[pos];
            if (c == '"') {
              pos++;
              continue;
            }
            if (c == delimiter) {
              pos++;
              break;
            }
            if (c == '\n' || c == '\r') {
              break;
            }
            return IRREGULAR;
          }
          if (b == '\r' || b == '\n' && buf[pos - 1] != '\r') {
            eols++;
          }
          if (b == '\n') {
            if (lineTooLong(pos)) {
              return IRREGULAR;
            }
            lastLf = base + pos;
          }
          pos++;
        }
        continue;
      }
      pos++;
    }
  }

  private boolean lineTooLong(int at) {
    return base + at - lastLf - 1 > CsvIngestor.MAX_LINE_CHARS;
  }

  /** Reads more bytes, keeping the chunk being built; false at the end of the source. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (lineTooLong(pos) || pos - recordStart > MAX_RECORD_BYTES) {
      overflow = true; // scanRecord reports IRREGULAR
      return false;
    }
    if (filled == buf.length) {
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, filled - start);
        pos -= start;
        recordStart -= start;
        filled -= start;
        base += start;
        start = 0;
      }
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    int r;
    do {
      r = in.read(buf, filled, buf.length - filled);
    } while (r == 0);
    if (r < 0) {
      eof = true;
      return false;
    }
    filled += r;
    return true;
  }
}
