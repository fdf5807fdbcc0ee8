package dev.pfms.core.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Merchants;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.core.ingest.SharedData;
import dev.pfms.core.ingest.csv.CsvIngestor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cached merchant keys (issue 18, ADR 0021) are exactly {@link Merchants#normalize}: on every
 * description of the shared bank CSVs and of the labelled set, and on generated ones — looked up
 * again (a hit), after other descriptions took the slot (a collision), and more distinct ones than
 * the cache holds.
 */
class MerchantKeysTest {

  static List<String> sharedDescriptions() throws IOException {
    List<String> out = new ArrayList<>();
    Path dir = SharedData.dir("bank-csv/csv2ofx/input");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    files = new ArrayList<>(files);
    files.add(SharedData.file("labelled/za-bank-transactions.csv"));
    for (Path f : files) {
      for (Transaction t : CsvIngestor.detecting().ingest(IngestSource.of(f)).transactions()) {
        out.add(t.description());
        t.findMemo().ifPresent(out::add);
        t.findCounterparty().ifPresent(out::add);
      }
    }
    return out;
  }

  @Test
  void sameKeysAsMerchantsNormalize() throws IOException {
    List<String> all = new ArrayList<>(sharedDescriptions());
    assertThat(all).hasSizeGreaterThan(300);
    Random r = new Random(21);
    String[] parts = {"POS ", "CARD PAYMENT TO ", "DD ", "Tesco", "STORES", " 1234", " ****5678", " LONDON GB", " 12/03",
        " 10:15", " #44", " café", " ÜBERWEISUNG", "  ", "-", "Amazon.co.uk*AB12CD", " XX1234", " GB", "'s", " &"};
    for (int i = 0; i < 3 * MerchantKeys.SLOTS; i++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0, n = 1 + r.nextInt(6); k < n; k++) {
        sb.append(parts[r.nextInt(parts.length)]);
      }
      all.add(sb.toString());
    }
    all.add("x".repeat(MerchantKeys.MAX_CHARS + 1) + " 1234");
    for (int round = 0; round < 2; round++) {
      for (String d : all) {
        assertThat(MerchantKeys.normalize(d)).as(d).isEqualTo(Merchants.normalize(d));
        assertThat(MerchantKeys.normalize(d)).as(d).isEqualTo(Merchants.normalize(d));
      }
    }
  }
}
