package dev.pfms.core.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The chunker and the splitter read records exactly as commons-csv does (issue 18): for random inputs
 * full of quotes, doubled quotes, delimiters, CR, LF, CRLF, blank lines, spaces after closing quotes,
 * unclosed quotes and bytes that are not UTF-8, every record the chunker hands out has commons-csv's
 * fields, start line and last line, in chunks of every size and across buffer ends; when the chunker
 * stops early (a record it does not mirror), commons-csv has read the same records up to there.
 */
class CsvSplitterTest {

  /** One record as both readers see it. */
  record Rec(List<String> values, long line, long last) {}

  static List<Rec> commons(byte[] bytes, char delimiter, Charset cs, long[] recordsRead) {
    CSVFormat f = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
        .setIgnoreSurroundingSpaces(false).get();
    List<Rec> out = new ArrayList<>();
    try (CSVParser p = CSVParser.parse(new InputStreamReader(new ByteArrayInputStream(bytes), cs), f)) {
      Iterator<CSVRecord> it = p.iterator();
      long before = 0;
      while (true) {
        CSVRecord r;
        try {
          if (!it.hasNext()) {
            break;
          }
          r = it.next();
        } catch (UncheckedIOException e) {
          recordsRead[0] = -1; // broken quoting
          break;
        }
        long line = before + 1;
        before = p.getCurrentLineNumber();
        out.add(new Rec(Arrays.asList(r.values()), line, before));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<Rec> chunked(byte[] bytes, char delimiter, Charset cs, int maxRecords, int maxBytes, int buffer,
      boolean[] irregular) throws IOException {
    RecordChunker ch = new RecordChunker(new ByteArrayInputStream(bytes), delimiter, buffer);
    CsvSplitter s = new CsvSplitter(delimiter);
    List<Rec> out = new ArrayList<>();
    long records = 0;
    RecordChunker.Chunk c;
    while ((c = ch.next(maxRecords, maxBytes)) != null) {
      assertThat(c.records).isBetween(1, maxRecords);
      s.reset(new String(c.bytes, cs), c.eolsBefore);
      int n = 0;
      while (s.next()) {
        out.add(new Rec(Arrays.asList(s.values()), s.line(), s.last()));
        n++;
      }
      assertThat(n).isEqualTo(c.records);
      records += n;
    }
    assertThat(ch.records()).isEqualTo(records);
    irregular[0] = ch.irregular();
    return out;
  }

  private static final String[] PIECES = {"a", "bc", "12.50", ",", ",", ";", "\"", "\"", "\"\"", "\n", "\r\n", "\r",
      " ", "é", "\u20ac", "x y", "\t"};

  static byte[] random(Random r, int pieces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(8) == 0 && b.length > 0) {
      b[r.nextInt(b.length)] = (byte) (0x80 + r.nextInt(0x80)); // not UTF-8
    }
    return b;
  }

  @Test
  void recordsFieldsAndLinesAreThoseOfCommonsCsv() throws IOException {
    Random r = new Random(18);
    int irregularRuns = 0;
    int wholeRuns = 0;
    for (int run = 0; run < 6000; run++) {
      byte[] bytes = random(r, 1 + r.nextInt(60));
      char delimiter = r.nextInt(5) == 0 ? ';' : ',';
      Charset cs = r.nextInt(4) == 0 ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
      long[] read = {0};
      List<Rec> expected = commons(bytes, delimiter, cs, read);
      boolean[] irregular = {false};
      List<Rec> actual = chunked(bytes, delimiter, cs, 1 + r.nextInt(4), 1 + r.nextInt(40), 1 + r.nextInt(16),
          irregular);
      String where = "input " + Arrays.toString(bytes) + " delimiter " + delimiter + " " + cs;
      if (irregular[0]) {
        irregularRuns++;
        assertThat(actual).as(where).isEqualTo(expected.subList(0, Math.min(actual.size(), expected.size())));
        assertThat(actual.size()).as(where).isLessThanOrEqualTo(expected.size());
      } else {
        wholeRuns++;
        assertThat(read[0]).as(where + ": commons-csv failed where the chunker did not").isZero();
        assertThat(actual).as(where).isEqualTo(expected);
      }
    }
    assertThat(wholeRuns).isGreaterThan(1000);
    assertThat(irregularRuns).isGreaterThan(500);
  }

  @Test
  void brokenQuotingAndSpacesAfterAQuoteAreLeftToCommonsCsv() throws IOException {
    for (String s : new String[] {"a,\"b\"c\nd,e\n", "a,\"b\nc,d\n", "a,\"b\" ,c\n", "x\ny,\"z\"\t\n"}) {
      boolean[] irregular = {false};
      List<Rec> recs = chunked(s.getBytes(StandardCharsets.UTF_8), ',', StandardCharsets.UTF_8, 10, 100, 4,
          irregular);
      assertThat(irregular[0]).as(s).isTrue();
      assertThat(recs.size()).as(s).isLessThanOrEqualTo(1);
    }
    boolean[] irregular = {false};
    List<Rec> recs = chunked("a,\"q\"\"uote\r\nd\"\r\n\r\nx,\"\"\n\"e\"".getBytes(StandardCharsets.UTF_8), ',',
        StandardCharsets.UTF_8, 10, 100, 3, irregular);
    assertThat(irregular[0]).isFalse();
    assertThat(recs).containsExactly(new Rec(List.of("a", "q\"uote\r\nd"), 1, 2), new Rec(List.of(""), 3, 3),
        new Rec(List.of("x", ""), 4, 4), new Rec(List.of("e"), 5, 5));
  }

  @Test
  void aLineOverTheLimitIsLeftToCommonsCsv() throws IOException {
    byte[] head = "a,b\n".getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[head.length + CsvIngestor.MAX_LINE_CHARS + 10];
    System.arraycopy(head, 0, bytes, 0, head.length);
    Arrays.fill(bytes, head.length, bytes.length, (byte) 'x');
    boolean[] irregular = {false};
    List<Rec> recs = chunked(bytes, ',', StandardCharsets.UTF_8, 10, 1 << 20, 1 << 16, irregular);
    assertThat(irregular[0]).isTrue();
    assertThat(recs).containsExactly(new Rec(List.of("a", "b"), 1, 1));
  }
}
