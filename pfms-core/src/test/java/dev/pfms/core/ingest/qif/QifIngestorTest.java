package dev.pfms.core.ingest.qif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.Pfms;
import dev.pfms.core.ingest.SharedData;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.IngestorContract;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class QifIngestorTest extends IngestorContract {

  static final String QIF = """
      !Account
      NChecking 12345678
      TBank
      ^
      !Type:Bank
      D6/12'15
      PTransfer from Savings
      MAccount Transfer
      T-1,500.00
      LTransfer
      ^
      D06/13/2015
      PCoffee
      T-3.20
      ^
      """;

  @Override
  protected IngestorProvider provider() {
    return new QifIngestorProvider();
  }

  @Override
  protected ProviderConfig config() {
    return ProviderConfig.builder().set("currency", "USD").build();
  }

  @Override
  protected List<IngestSource> validSamples() {
    return List.of(IngestSource.ofText("bank.qif", QIF));
  }

  @Override
  protected IngestSource malformedSample() {
    return IngestSource.ofText("bad.qif", QIF.replace("T-3.20", "Tabc"));
  }

  @Test
  void readsRecordsWithApostropheYearsAccountBlocksAndCategories() {
    IngestReport r = Pfms.ingestor("qif", config()).ingest(IngestSource.ofText("bank.qif", QIF));
    assertThat(r.transactions()).hasSize(2);
    Transaction t = r.transactions().get(0);
    assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2015, 6, 12));
    assertThat(t.amount().amount()).isEqualByComparingTo("-1500.00");
    assertThat(t.merchant()).isEqualTo("Transfer from Savings");
    assertThat(t.account()).isEqualTo("****5678");
    assertThat(t.category().code()).isEqualTo("Transfer");
    assertThat(t.provenance().line()).isEqualTo(6);
  }

  @Test
  void readsEveryGoldenQifOfTheSharedData() throws IOException {
    Path dir = SharedData.dir("bank-csv/csv2ofx/golden");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".qif")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      IngestReport r = Pfms.ingestorFor(IngestSource.of(f)).ingest(IngestSource.of(f));
      assertThat(r.format()).isEqualTo("qif");
      assertThat(r.errors()).as(f.toString()).isEmpty();
      assertThat(r.warnings()).as(f.toString()).allSatisfy(w -> assertThat(w.reason()).contains("currency"));
      assertThat(r.transactions()).as(f.toString()).isNotEmpty();
    }
    IngestReport mint = Pfms.ingestor("qif").ingest(IngestSource.of(dir.resolve("mint.qif")));
    assertThat(mint.transactions()).extracting(t -> t.amount().amount())
        .contains(new BigDecimal("-1500.00"), new BigDecimal("2000.00"));
  }
}
