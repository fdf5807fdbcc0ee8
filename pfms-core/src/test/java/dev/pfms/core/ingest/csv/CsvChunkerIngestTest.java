package dev.pfms.core.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.IngestReport;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.core.ingest.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reading through the byte chunker and the splitter (issue 18, ADR 0021) gives exactly the report of
 * the commons-csv reading: the same transactions with the same ids in the same order, the same
 * problems at the same lines with the same reasons — on every shared bank CSV, on the labelled set and
 * on large generated files with quoted fields, embedded line breaks, CRLF, blank lines, repeated
 * headers, bad rows, and quoting that breaks (where commons-csv takes over and names the place).
 */
class CsvChunkerIngestTest {

  static IngestReport read(Supplier<IngestReport> ingest, boolean commonsOnly, int sequential) {
    boolean c = CsvIngestor.commonsOnly;
    int s = CsvIngestor.sequentialLimit;
    CsvIngestor.commonsOnly = commonsOnly;
    CsvIngestor.sequentialLimit = sequential;
    try {
      return ingest.get();
    } finally {
      CsvIngestor.commonsOnly = c;
      CsvIngestor.sequentialLimit = s;
    }
  }

  static void assertSameAsCommons(String name, byte[] bytes) {
    Supplier<IngestReport> ingest = () -> CsvIngestor.detecting().ingest(IngestSource.of(name, bytes));
    IngestReport commons = read(ingest, true, Integer.MAX_VALUE);
    // the streaming call collected by the API's sink (rows handed over one by one, ADR 0021) against the
    // report call (rows compacted on the pool and appended in bulk, ADR 0023): equal, repeated keys included
    Supplier<IngestReport> streamed = () -> Ingestor.collect(CsvIngestor.detecting(), IngestSource.of(name, bytes));
    IngestReport commonsStreamed = read(streamed, true, 1);
    assertThat(commonsStreamed.transactions()).as(name + " commons streamed").isEqualTo(commons.transactions());
    assertThat(commonsStreamed.problems()).as(name + " commons streamed").isEqualTo(commons.problems());
    for (int sequential : new int[] {Integer.MAX_VALUE, 1, 8192}) {
      IngestReport chunked = read(ingest, false, sequential);
      assertThat(chunked.transactions()).as(name + " sequential " + sequential).isEqualTo(commons.transactions());
      assertThat(chunked.problems()).as(name + " sequential " + sequential).isEqualTo(commons.problems());
      assertThat(chunked.layout()).as(name + " sequential " + sequential).isEqualTo(commons.layout());
      IngestReport s = read(streamed, false, sequential);
      assertThat(s.transactions()).as(name + " streamed " + sequential).isEqualTo(commons.transactions());
      assertThat(s.problems()).as(name + " streamed " + sequential).isEqualTo(commons.problems());
    }
  }

  @Test
  void everySharedCsvReadsAsWithCommonsCsv() throws IOException {
    Path dir = SharedData.dir("bank-csv/csv2ofx/input");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path f : files) {
      assertSameAsCommons(f.getFileName().toString(), Files.readAllBytes(f));
    }
    Path za = SharedData.file("labelled/za-bank-transactions.csv");
    assertSameAsCommons("za.csv", Files.readAllBytes(za));
  }

  static byte[] file(int rows, long seed, String eol, boolean breakQuotingAtEnd) {
    Random r = new Random(seed);
    String[] names = {"TESCO STORES 3245 LONDON GB", "\"CARD PAYMENT TO PRET, A MANGER\"", "DD BRITISH GAS",
        "\"COSTA \"\"THE\"\" CAFE\"", "\"Amazon\nMarketplace\"", "SHELL UK 0017", "\"Caf\u00e9 \u20ac\"", ""};
    StringBuilder sb = new StringBuilder("Date,Account,Description,Amount,Currency,Balance").append(eol);
    for (int i = 0; i < rows; i++) {
      int day = 1 + i / 300 % 28;
      int month = 1 + i / (300 * 28) % 12;
      String date = "2024-" + (month < 10 ? "0" : "") + month + "-" + (day < 10 ? "0" : "") + day;
      if (r.nextInt(2000) == 0) {
        date = "2024-02-31";
      }
      if (r.nextInt(5000) == 0) {
        sb.append("Date,Account,Description,Amount,Currency,Balance").append(eol);
      }
      if (r.nextInt(1000) == 0) {
        sb.append(eol); // a blank line
      }
      String amount = (r.nextInt(10) == 0 ? "" : "-") + (1 + r.nextInt(300)) + "." + (10 + r.nextInt(90));
      if (r.nextInt(3000) == 0) {
        amount = "\"1,2x\"";
      }
      sb.append(r.nextInt(4) == 0 ? "\"" + date + "\"" : date).append(',')
          .append(r.nextInt(3) == 0 ? "card-4111111111111111" : "current").append(',')
          .append(names[r.nextInt(names.length)]).append(',').append(i % 7 == 0 ? "-4.20" : amount)
          .append(",GBP,100.00").append(eol);
    }
    if (breakQuotingAtEnd) {
      sb.append("2024-03-01,current,\"TESCO\" x,-1.00,GBP,1.00").append(eol);
      sb.append("2024-03-01,current,COSTA,-2.00,GBP,1.00").append(eol);
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void largeFilesWithQuotesLineBreaksAndBadRowsReadAsWithCommonsCsv() {
    assertSameAsCommons("lf.csv", file(30_000, 1, "\n", false));
    assertSameAsCommons("crlf.csv", file(20_000, 2, "\r\n", false));
    assertSameAsCommons("broken.csv", file(20_000, 3, "\n", true));
    assertSameAsCommons("cr.csv", file(3_000, 4, "\r", true));
  }

  @Test
  void aQuoteOpenUntilTheEndIsReportedWhereCommonsCsvReportsIt() {
    byte[] bytes = (new String(file(12_000, 5, "\n", false), StandardCharsets.UTF_8)
        + "2024-03-01,current,\"TESCO,-1.00,GBP,1.00\n2024-03-01,current,COSTA,-2.00,GBP,1.00\n")
        .getBytes(StandardCharsets.UTF_8);
    assertSameAsCommons("open.csv", bytes);
    IngestReport r = CsvIngestor.detecting().ingest(IngestSource.of("open.csv", bytes));
    assertThat(r.errors().get(r.errors().size() - 1).reason()).contains("quoting is broken");
  }
}
