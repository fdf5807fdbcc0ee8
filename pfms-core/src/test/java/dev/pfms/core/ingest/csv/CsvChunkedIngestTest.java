package dev.pfms.core.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.model.TransactionIds;
import dev.pfms.api.spi.IngestSource;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A large CSV is read in chunks prepared on the ingest pool (issue 18): the result must be exactly
 * that of a sequential read — the same transactions with the same ids in the same order, the same
 * problems at the same lines — and the ids those of {@link TransactionIds#of} with occurrence
 * counting, so stores keyed on them keep their keys.
 */
class CsvChunkedIngestTest {

  static byte[] file(int rows) {
    Random r = new Random(5);
    String[] names = {"TESCO STORES 3245 LONDON GB", "CARD PAYMENT TO PRET A MANGER", "DD BRITISH GAS", "COSTA ****1234",
        "Amazon Marketplace", "SHELL UK 0017"};
    StringBuilder sb = new StringBuilder("Date,Account,Description,Amount,Currency,Balance\n");
    for (int i = 0; i < rows; i++) {
      int day = 1 + i / 400 % 28;
      int month = 1 + i / (400 * 28) % 12;
      String date = "2024-" + (month < 10 ? "0" : "") + month + "-" + (day < 10 ? "0" : "") + day;
      if (i % 5003 == 17) {
        date = "2024-02-30"; // a located problem in a chunk
      }
      if (i == 20_000) {
        sb.append("Date,Account,Description,Amount,Currency,Balance\n"); // a repeated header, mid-file
      }
      String amount = (r.nextInt(10) == 0 ? "" : "-") + (1 + r.nextInt(300)) + "." + (10 + r.nextInt(90));
      // repeats: the same content on one day must keep counting occurrences across chunk borders
      sb.append(date).append(',').append(r.nextInt(3) == 0 ? "card-4111111111111111" : "current").append(',')
          .append(names[r.nextInt(names.length)]).append(',').append(i % 7 == 0 ? "-4.20" : amount)
          .append(",GBP,100.00\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void chunkedReadEqualsTheSequentialReadAndTheIdScheme() {
    byte[] bytes = file(40_000);
    IngestReport chunked = CsvIngestor.detecting().ingest(IngestSource.of("big.csv", bytes));
    IngestReport sequential;
    int before = CsvIngestor.sequentialLimit;
    CsvIngestor.sequentialLimit = Integer.MAX_VALUE;
    try {
      sequential = CsvIngestor.detecting().ingest(IngestSource.of("big.csv", bytes));
    } finally {
      CsvIngestor.sequentialLimit = before;
    }
    assertThat(chunked.transactions()).hasSizeGreaterThan(39_000);
    assertThat(chunked.transactions()).isEqualTo(sequential.transactions());
    assertThat(chunked.problems()).isEqualTo(sequential.problems());
    assertThat(chunked.problems()).anySatisfy(p -> assertThat(p.reason()).contains("header line is repeated"));
    assertThat(chunked.errors()).hasSize(8 + 1);
    long line = 0;
    TransactionIds.Occurrences occ = new TransactionIds.Occurrences();
    for (Transaction t : chunked.transactions()) {
      assertThat(t.provenance().line()).isGreaterThan(line);
      line = t.provenance().line();
      int n = occ.next(t.account(), t.bookingDate(), t.amount(), t.description());
      assertThat(t.id()).isEqualTo(TransactionIds.of(t.account(), t.bookingDate(), t.amount(), t.description(), n));
    }
  }
}
