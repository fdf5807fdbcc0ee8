package dev.pfms.core.ingest.mt940;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.core.ingest.SharedData;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.tck.IngestorContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Mt940IngestorTest extends IngestorContract {

  static final String STATEMENT = """
      :20:STARTUMS
      :25:50880050/0194787400888
      :28C:00004/00001
      :60F:C070903EUR766656,49
      :61:0709070904CR50990,05NTRFNONREF//0724710333343453
      :86:166?00GUTSCHRIFT?100399?20EREF+EndToEndId TFNR 22 004?21 00001?22
      SVWZ+Verw CTSc-01 BC-PPP TF?23Nr 22 004?30DRESDEFF508?31DE1450880
      0500194785000?32KARL?33        KAUFMANN
      :61:0709040904DR1500,00NTRFKREF+//536D80EFEC56ACF8
      :86:GIRO   428428 KPN - DIGITENNE
      :62F:C070904EUR1125250,4
      -
      """;

  @Override
  protected IngestorProvider provider() {
    return new Mt940IngestorProvider();
  }

  @Override
  protected List<IngestSource> validSamples() {
    return List.of(IngestSource.ofText("statement.sta", STATEMENT));
  }

  @Override
  protected IngestSource malformedSample() {
    return IngestSource.ofText("bad.sta", STATEMENT.replace(":61:0709040904DR1500,00", ":61:07090A0904XX1500,00"));
  }

  @Test
  void readsStatementLinesWithStructuredDetails() {
    IngestReport r = Pfms.ingestor("mt940").ingest(IngestSource.ofText("s.sta", STATEMENT));
    assertThat(r.transactions()).hasSize(2);
    Transaction t = r.transactions().get(0);
    assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2007, 9, 4));
    assertThat(t.findValueDate()).contains(LocalDate.of(2007, 9, 7));
    assertThat(t.amount().amount()).isEqualByComparingTo("50990.05");
    assertThat(t.amount().currency().getCurrencyCode()).isEqualTo("EUR");
    assertThat(t.merchant()).isEqualTo("KARL KAUFMANN");
    assertThat(t.account()).isEqualTo("****0888");
    assertThat(t.provenance().line()).isEqualTo(5);
    assertThat(r.transactions().get(1).amount().amount()).isEqualByComparingTo("-1500.00");
    assertThat(r.transactions().get(1).description()).isEqualTo("GIRO 428428 KPN - DIGITENNE");
  }

  @Test
  void everySharedMt940FixtureParsesAndTheInvalidOneIsAClearError() throws IOException {
    Path dir = SharedData.dir("mt940/mt940");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(40);
    int transactions = 0;
    int withTransactions = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.equals("invalid_statement.sta")) {
        assertThatThrownBy(() -> Pfms.ingestor("mt940").ingest(IngestSource.of(f)))
            .isInstanceOf(IngestException.class).hasMessageContaining(name);
        continue;
      }
      IngestReport r = Pfms.ingestor("mt940").ingest(IngestSource.of(f));
      transactions += r.transactions().size();
      withTransactions += r.transactions().isEmpty() ? 0 : 1;
      assertThat(r.errors()).as(name).allSatisfy(p -> assertThat(p.reason()).contains("currency"));
      assertThat(r.warnings()).as(name).allSatisfy(p -> assertThat(p.reason()).contains("30th of February"));
    }
    System.out.println("[mt940] " + files.size() + " fixtures, " + withTransactions + " with transactions, "
        + transactions + " transactions");
    assertThat(transactions).isGreaterThanOrEqualTo(180);
  }

  @Test
  void aFileWithoutFieldsIsOneClearError() {
    assertThatThrownBy(() -> Pfms.ingestor("mt940").ingest(IngestSource.ofText("x.sta", "1\n2\n3\n")))
        .isInstanceOf(IngestException.class).hasMessageContaining("x.sta").hasMessageContaining("MT940");
  }

  @Test
  void aDamagedTagColonIsALocatedProblemNotTextFoldedIntoThePreviousRecord() {
    String damaged = STATEMENT.replace(":61:0709040904DR1500,00", ";61:0709040904DR1500,00");
    IngestReport r = Pfms.ingestor("mt940").ingest(IngestSource.ofText("s.sta", damaged));
    assertThat(r.transactions()).hasSize(1);
    assertThat(r.transactions().get(0).description()).doesNotContain("1500");
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(9);
      assertThat(p.field()).isEqualTo(";61:");
      assertThat(p.reason()).contains("damaged");
    });
    for (String broken : List.of(":61;0709040904DR1500,00", ":6x:0709040904DR1500,00", "61:0709040904DR1500,00",
        " 61:0709040904DR1500,00", "::1:0709040904DR1500,00", "x:61:0709040904DR1500,00", ":21:0709040904DR1500,00",
        ":\n1:0709040904DR1500,00")) {
      IngestReport b = Pfms.ingestor("mt940").ingest(IngestSource.ofText("s.sta",
          STATEMENT.replace(":61:0709040904DR1500,00", broken)));
      assertThat(b.transactions()).as(broken).hasSize(1);
      assertThat(b.errors()).as(broken).isNotEmpty().allSatisfy(p -> assertThat(p.line()).isBetween(8L, 10L));
    }
  }

  @Test
  void aLostLineBreakBeforeTheOpeningBalanceDoesNotKeepThePreviousStatementsCurrency() {
    String two = STATEMENT.replace("-\n", "-\n" + STATEMENT.replace("EUR", "CHF").replace(":28C:00004/00001\n:60F:",
        ":28C:00004/00001:60F:"));
    IngestReport r = Pfms.ingestor("mt940").ingest(IngestSource.ofText("s.sta", two));
    assertThat(r.transactions()).hasSize(2).allSatisfy(t -> assertThat(t.amount().currency().getCurrencyCode())
        .isEqualTo("EUR"));
    assertThat(r.errors()).hasSize(2).allSatisfy(p -> assertThat(p.reason()).contains("no currency"));
  }
}
