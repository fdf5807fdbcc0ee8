package dev.pfms.core.ingest.csv;

import java.util.Arrays;

/**
 * Splits the decoded text of a {@link RecordChunker.Chunk} into records and fields as commons-csv
 * ({@code CSVFormat.DEFAULT} with the file's delimiter, empty lines kept, surrounding spaces kept)
 * reads them: a field that starts with {@code "} runs to the closing quote ({@code ""} is a quote,
 * line breaks are kept), any other field runs to the delimiter or the line break; CR, LF and CRLF
 * end a record; a blank line is a record of one empty field. Line numbers are commons-csv's: a
 * record starts on the line after the previous record's last line, and its last line counts every
 * CR and every LF not after a CR (the end of a last line without a line break counts too).
 *
 * <p>The text must be one the chunker accepted (it checked the quoting); one instance per thread.
 */
final class CsvSplitter {

  private final char delimiter;
  private String text;
  private int i;
  private long eols;
  private String[] values = new String[16];
  private int size;
  private long line;
  private final StringBuilder quoted = new StringBuilder(64);

  CsvSplitter(char delimiter) {
    this.delimiter = delimiter;
  }

  /**
   * Starts splitting a chunk.
   *
   * @param chunkText the decoded chunk
   * @param eolsBefore line breaks before the chunk
   */
  void reset(String chunkText, long eolsBefore) {
    this.text = chunkText;
    this.i = 0;
    this.eols = eolsBefore;
    this.plain = chunkText.indexOf('"') < 0 && chunkText.indexOf('\r') < 0;
  }

  /** No quote and no CR in the chunk: fields are found with {@link String#indexOf(int, int)}. */
  private boolean plain;

  private boolean nextPlain() {
    String t = text;
    int n = t.length();
    int end = t.indexOf('\n', i);
    if (end < 0) {
      end = n;
    }
    line = eols + 1;
    size = 0;
    int j = i;
    while (true) {
      int k = t.indexOf(delimiter, j);
      if (k < 0 || k > end) {
        k = end;
      }
      add(j == k ? "" : field(t, j, k));
      if (k == end) {
        break;
      }
      j = k + 1;
    }
    eols++; // the line break, or the end of a last line without one
    i = end + 1;
    return true;
  }

  /**
   * Reads the next record.
   *
   * @return false at the end of the chunk
   */
  boolean next() {
    String t = text;
    int n = t.length();
    if (i >= n) {
      return false;
    }
    if (plain) {
      return nextPlain();
    }
    line = eols + 1;
    size = 0;
    char d = delimiter;
    while (true) {
      String v;
      if (i < n && t.charAt(i) == '"') {
        int j = i + 1;
        int close = t.indexOf('"', j);
        if (close >= 0 && (close + 1 >= n || t.charAt(close + 1) != '"') && noBreaks(t, j, close)) {
          v = field(t, j, close); // the common case: no "" and no line break inside
          i = close + 1;
        } else {
          StringBuilder sb = quoted;
          sb.setLength(0);
          while (true) {
            char c = t.charAt(j++);
            if (c == '"') {
              if (j < n && t.charAt(j) == '"') {
                sb.append('"');
                j++;
                continue;
              }
              break;
            }
            if (c == '\r' || c == '\n' && t.charAt(j - 2) != '\r') {
              eols++;
            }
            sb.append(c);
          }
          v = sb.toString();
          i = j;
        }
      } else {
        int j = i;
        while (j < n) {
          char c = t.charAt(j);
          if (c == d || c == '\n' || c == '\r') {
            break;
          }
          j++;
        }
        v = i == j ? "" : field(t, i, j);
        i = j;
      }
      add(v);
      if (i >= n) {
        eols++; // the end of a last line without a line break
        return true;
      }
      char c = t.charAt(i++);
      if (c == d) {
        continue;
      }
      eols++;
      if (c == '\r' && i < n && t.charAt(i) == '\n') {
        i++;
      }
      return true;
    }
  }

  /**
   * The text {@code t[from, to)} as a string: the string already in this column's slot when it has the
   * same characters (the previous record's field there: a date, account or currency repeated row after
   * row), else a new substring. Strings are values, so sharing one is exact (ADR 0023).
   */
  private String field(String t, int from, int to) {
    String old = size < values.length ? values[size] : null;
    if (old != null && old.length() == to - from && t.startsWith(old, from)) {
      return old;
    }
    return t.substring(from, to);
  }

  private static boolean noBreaks(String t, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = t.charAt(k);
      if (c == '\n' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  private void add(String v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  /**
   * The fields of the record just read, as a new array.
   *
   * @return the fields
   */
  String[] values() {
    return Arrays.copyOf(values, size);
  }

  /**
   * The line the record starts on.
   *
   * @return the 1-based line
   */
  long line() {
    return line;
  }

  /**
   * commons-csv's line number after the record: its last line.
   *
   * @return the line
   */
  long last() {
    return eols;
  }
}
