package dev.pfms.core.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.core.ingest.SharedData;
import dev.pfms.core.ingest.TransactionSet;
import dev.pfms.api.model.Category;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Money;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.model.TransactionIds;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.Ingestor;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.IngestorContract;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvIngestorTest extends IngestorContract {

  static final String SAMPLE_LAYOUT = """
      Date,Account,Description,Amount,Currency,Balance
      2024-01-01,current,SO LANDLORD PROPERTIES RENT,-1250.00,GBP,1250.00
      2024-01-01,current,DD ADMIRAL INSURANCE,-61.20,GBP,1188.80
      2024-01-02,current,POS 1234 TESCO STORES 3245 LONDON GB,-36.50,GBP,1152.30
      2024-01-02,credit-card,CARD PAYMENT TO NETFLIX.COM ****1234,-10.99,GBP,-10.99
      2024-01-03,current,FPI EMPLOYER LTD SALARY,2500.00,GBP,3652.30
      """;

  static final String GERMAN = "Umsatzanzeige;Girokonto\n"
      + "Zeitraum;01.03.2024 - 31.03.2024\n"
      + "\n"
      + "Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Betrag (EUR);Saldo\n"
      + "01.03.2024;01.03.2024;Bäckerei Müller;Kartenzahlung;-4,50;1.995,50\n"
      + "04.03.2024;04.03.2024;Arbeitgeber GmbH;Gehalt März;2.250,00;4.245,50\n"
      + "15.03.2024;15.03.2024;Stadtwerke;Abschlag Strom;-1.234,56;3.010,94\n";

  @Override
  protected IngestorProvider provider() {
    return new CsvIngestorProvider();
  }

  @Override
  protected List<IngestSource> validSamples() {
    return List.of(IngestSource.ofText("sample.csv", SAMPLE_LAYOUT),
        IngestSource.of("umsatz.csv", GERMAN.getBytes(Charset.forName("windows-1252"))),
        IngestSource.ofText("headerless.csv", "13/01/2024,COFFEE SHOP,-3.20\n14/01/2024,BOOKS LTD,-12.00\n"));
  }

  @Override
  protected IngestSource malformedSample() {
    return IngestSource.ofText("bad.csv", "Date,Description,Amount\n2024-01-01,OK,-1.00\n2024-01-02,BAD,12x3\n");
  }

  private static Ingestor csv() {
    return Pfms.ingestor("csv");
  }

  private static Ingestor csv(String key, Object value) {
    return Pfms.ingestor("csv", ProviderConfig.builder().set(key, value).build());
  }

  @Test
  void readsTheSampleDataLayoutWithoutAProfile() {
    IngestReport r = csv().ingest(IngestSource.ofText("sample.csv", SAMPLE_LAYOUT));
    assertThat(r.problems()).isEmpty();
    assertThat(r.transactions()).hasSize(5);
    Transaction t = r.transactions().get(2);
    assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(t.amount()).isEqualTo(Money.of("-36.50", "GBP"));
    assertThat(t.account()).isEqualTo("current");
    assertThat(t.merchant()).isEqualTo("TESCO STORES LONDON");
    assertThat(t.balance()).isEqualTo(Money.of("1152.30", "GBP"));
    assertThat(t.provenance().line()).isEqualTo(4);
    assertThat(r.layout()).containsEntry("column.date", "Date").containsEntry("delimiter", ",");
  }

  @Test
  void readsWindows1252WithPreambleDecimalCommaAndThousandsSeparators() {
    IngestReport r = csv().ingest(IngestSource.of("umsatz.csv", GERMAN.getBytes(Charset.forName("windows-1252"))));
    assertThat(r.problems()).isEmpty();
    assertThat(r.layout()).containsEntry("charset", "windows-1252").containsEntry("delimiter", ";")
        .containsEntry("skipRows", "2").containsEntry("decimalSeparator", ",");
    assertThat(r.transactions()).extracting(t -> t.amount().amount())
        .containsExactly(new BigDecimal("-4.50"), new BigDecimal("2250.00"), new BigDecimal("-1234.56"));
    assertThat(r.transactions().get(0).merchant()).isEqualTo("Bäckerei Müller");
    assertThat(r.transactions().get(2).provenance().line()).isEqualTo(7);
  }

  @Test
  void readsUtf8WithByteOrderMarkTabsAndPipes() {
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    String tsv = "Date\tDescription\tAmount\n2024-02-01\tCafé Noir\t-3.10\n2024-02-02\tPAY\t100.00\n";
    byte[] bytes = new byte[bom.length + tsv.getBytes(StandardCharsets.UTF_8).length];
    System.arraycopy(bom, 0, bytes, 0, 3);
    System.arraycopy(tsv.getBytes(StandardCharsets.UTF_8), 0, bytes, 3, bytes.length - 3);
    IngestReport r = csv().ingest(IngestSource.of("bom.tsv", bytes));
    assertThat(r.layout()).containsEntry("delimiter", "\\t");
    assertThat(r.transactions().get(0).description()).isEqualTo("Café Noir");
    IngestReport p = csv().ingest(IngestSource.ofText("pipe.txt", "Date|Memo|Amount\n2024-02-01|A|-1.00\n2024-02-03|B|2.00\n"));
    assertThat(p.layout()).containsEntry("delimiter", "|");
    assertThat(p.transactions()).hasSize(2);
  }

  @Test
  void readsAHeaderlessFileByContentAndSaysSo() {
    IngestReport r = csv().ingest(IngestSource.ofText("nohead.csv",
        "13/01/2024,COFFEE SHOP,-3.20,100.00\n14/01/2024,BOOKS LTD,-12.00,88.00\n"));
    assertThat(r.layout()).containsEntry("header", "false").containsEntry("dayFirst", "true");
    assertThat(r.transactions()).extracting(Transaction::bookingDate)
        .containsExactly(LocalDate.of(2024, 1, 13), LocalDate.of(2024, 1, 14));
    assertThat(r.transactions().get(1).balance().amount()).isEqualByComparingTo("88.00");
    assertThat(r.layout().values()).anyMatch(v -> v.contains("chosen by its content"));
  }

  @Test
  void resolvesDayOrderFromTheDataAndReadsTwoDigitYears() {
    IngestReport us = csv().ingest(IngestSource.ofText("us.csv", "Date,Payee,Amount\n01/02/24,A,-1.00\n01/13/24,B,-2.00\n"));
    assertThat(us.transactions().get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 1, 2));
    IngestReport eu = csv().ingest(IngestSource.ofText("eu.csv", "Date,Payee,Amount\n01/02/2024,A,-1.00\n13/01/2024,B,-2.00\n"));
    assertThat(eu.transactions().get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 2, 1));
  }

  @Test
  void readsAmbiguousDatesWithTheLikelierOrderAndSaysHowToOverrideIt() {
    IngestSource s = IngestSource.ofText("early.csv", "Date,Payee,Amount\n01/02/2024,A,-1.00\n03/04/2024,B,-2.00\n");
    IngestReport r = csv().ingest(s);
    assertThat(r.transactions()).hasSize(2);
    assertThat(r.transactions().get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 2, 1));
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).filteredOn(p -> "Date".equals(p.field())).singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("day-first=false"));
    IngestReport forced = csv("dayFirst", "false").ingest(s);
    assertThat(forced.transactions().get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(forced.problems()).noneMatch(p -> "Date".equals(p.field()));
  }

  @Test
  void readsDebitCreditColumnsAndAmountWithTypeColumn() {
    IngestReport dc = csv().ingest(IngestSource.ofText("dc.csv",
        "Date,Description,Withdrawal,Deposit\n2024-03-01,ATM,\"$1,000.00\",\n2024-03-02,SALARY,,$2500.00\n"));
    assertThat(dc.transactions()).extracting(t -> t.amount().amount())
        .containsExactly(new BigDecimal("-1000.00"), new BigDecimal("2500.00"));
    IngestReport typed = csv("currency", "USD").ingest(IngestSource.ofText("typed.csv",
        "Date,Description,Amount,Transaction Type\n2024-03-01,SHOP,12.50,debit\n2024-03-02,REFUND,3.00,credit\n"));
    assertThat(typed.transactions()).extracting(t -> t.amount().amount())
        .containsExactly(new BigDecimal("-12.50"), new BigDecimal("3.00"));
  }

  @Test
  void rejectsRowWithUnparseableAmountNamingTheLineAndColumnAndKeepsTheOthers() {
    IngestReport r = csv().ingest(malformedSample());
    assertThat(r.transactions()).hasSize(1);
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.field()).isEqualTo("Amount");
      assertThat(p.reason()).contains("12x3");
    });
  }

  @Test
  void brokenQuotingKeepsTheRowsReadBeforeItAndSaysWhereReadingStopped() {
    String s = "Date,Description,Amount\n2024-01-01,A,-1.00\n2024-01-02,B,-2.00\n2024-01-03,\"unterminated,-3.00\n";
    IngestReport r = csv().ingest(IngestSource.ofText("quotes.csv", s));
    assertThat(r.transactions()).hasSize(2);
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.reason()).contains("quoting");
    });
  }

  @Test
  void strictModeFailsTheWholeFileOnTheFirstBadRow() {
    assertThatThrownBy(() -> csv("strict", "true").ingest(malformedSample()))
        .isInstanceOf(IngestException.class).hasMessageStartingWith("bad.csv:3: field 'Amount'");
  }

  @Test
  void aWholeFileProblemIsOneClearIngestException() {
    assertThatThrownBy(() -> csv().ingest(IngestSource.ofText("empty.csv", "")))
        .isInstanceOf(IngestException.class).hasMessageContaining("empty.csv").hasMessageContaining("empty");
    assertThatThrownBy(() -> csv().ingest(IngestSource.ofText("nodates.csv", "Name,Value\nA,1\nB,2\n")))
        .isInstanceOf(IngestException.class).hasMessageContaining("no column holds dates");
  }

  @Test
  void unknownOptionsAreRejected() {
    assertThatThrownBy(() -> Pfms.ingestor("csv", ProviderConfig.builder().set("dayfirst", "true").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("day-first");
  }

  @Test
  void aDetectedLayoutSavedAsAProfileReadsTheFileTheSameWay(@TempDir Path dir) throws IOException {
    IngestSource s = IngestSource.of("umsatz.csv", GERMAN.getBytes(Charset.forName("windows-1252")));
    CsvProfile detected = CsvIngestor.detecting().detect(s, "mybank");
    Path file = dir.resolve("mybank.json");
    detected.write(file);
    assertThat(CsvProfile.read(file)).isEqualTo(detected);
    IngestReport again = csv("profile", file.toString()).ingest(s);
    assertThat(again.transactions()).extracting(Transaction::id)
        .isEqualTo(csv().ingest(s).transactions().stream().map(Transaction::id).toList());
    assertThat(again.layout()).containsEntry("profile", "mybank");
  }

  @Test
  void shippedProfilesLoadAndFixWhatDetectionCannotKnow() {
    assertThat(CsvProfile.shippedNames()).contains("gls", "pcmastercard", "amazon");
    assertThat(CsvProfile.shipped("pcmastercard")).get().extracting(CsvProfile::negate).isEqualTo(true);
    String card = "\"Merchant Name\",\"Card Used For Transaction\",\"Date\",\"Time\",\"Amount\"\n"
        + "\"Mobil\",\"**** 1234\",\"01/10/2019\",\"06:50 PM\",\"36.33\"\n";
    IngestReport r = csv().ingest(IngestSource.ofText("pc.csv", card));
    assertThat(r.transactions().get(0).amount()).isEqualTo(Money.of("-36.33", "CAD"));
    assertThat(r.transactions().get(0).account()).isEqualTo("****1234");
    IngestReport raw = Pfms.ingestor("csv", ProviderConfig.builder().set("profile", "none").set("dayFirst", "false")
        .build()).ingest(IngestSource.ofText("pc.csv", card));
    assertThat(raw.transactions().get(0).amount().amount()).isEqualByComparingTo("36.33");
    assertThat(raw.layout().values()).anyMatch(v -> v.contains("negate"));
  }

  @Test
  void masksAccountNumbersToTheLastFourDigits() {
    IngestReport r = csv().ingest(IngestSource.ofText("iban.csv",
        "Date,IBAN,Description,Amount\n2024-01-01,DE89370400440532013000,X,-1.00\n2024-01-02,DE89370400440532013000,Y,2.00\n"));
    assertThat(r.transactions()).extracting(Transaction::account).containsOnly("****3000");
  }

  @Test
  void idsEqualThoseOfTransactionIdsWithOccurrenceCounting() {
    String twice = "Date,Description,Amount,Currency\n2024-01-01,COFFEE,-2.50,EUR\n2024-01-01,COFFEE,-2.50,EUR\n";
    IngestReport r = csv("account", "main").ingest(IngestSource.ofText("c.csv", twice));
    TransactionIds.Occurrences occ = new TransactionIds.Occurrences();
    for (Transaction t : r.transactions()) {
      int n = occ.next("main", t.bookingDate(), t.amount(), t.description());
      Transaction expected = Transaction.builder().account("main").bookingDate(t.bookingDate()).amount(t.amount())
          .description(t.description()).occurrence(n).build();
      assertThat(t.id()).isEqualTo(expected.id());
    }
    assertThat(r.transactions()).extracting(Transaction::id).doesNotHaveDuplicates();
  }

  @Test
  void reimportAndOverlappingStatementsAddNothingButIdenticalSameDayTransactionsAreBothKept() {
    String jan = "Date,Description,Amount,Currency\n2024-01-01,COFFEE,-2.50,EUR\n2024-01-01,COFFEE,-2.50,EUR\n"
        + "2024-01-15,RENT,-900.00,EUR\n";
    String janFeb = "Date,Description,Amount,Currency\n2024-01-01,COFFEE,-2.50,EUR\n2024-01-01,COFFEE,-2.50,EUR\n"
        + "2024-01-15,RENT,-900.00,EUR\n2024-02-15,RENT,-900.00,EUR\n";
    Ingestor in = csv("account", "main");
    TransactionSet known = new TransactionSet();
    IngestReport first = known.merge(in.ingest(IngestSource.ofText("jan.csv", jan)));
    assertThat(first.transactions()).hasSize(3);
    assertThat(first.duplicatesSkipped()).isZero();
    assertThat(known.addAll(in.ingest(IngestSource.ofText("jan.csv", jan)).transactions())).isEqualTo(3);
    IngestReport overlap = known.merge(in.ingest(IngestSource.ofText("jan-feb.csv", janFeb)));
    assertThat(overlap.transactions()).singleElement()
        .satisfies(t -> assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2024, 2, 15)));
    assertThat(overlap.duplicatesSkipped()).isEqualTo(3);
    assertThat(known.size()).isEqualTo(4);
  }

  @Test
  void theSampleDataFileIngestsWithoutAProfileWithPhysicalLineNumbers() {
    String dir = System.getProperty("pfms.sample.data");
    Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "transactions.csv")),
        "sample_data/transactions.csv absent");
    IngestReport r = csv().ingest(IngestSource.of(Path.of(dir, "transactions.csv")));
    assertThat(r.problems()).isEmpty();
    assertThat(r.transactions()).hasSize(1831);
    assertThat(r.transactions()).extracting(Transaction::account).containsOnly("current", "credit-card");
    assertThat(r.transactions()).allSatisfy(t -> assertThat(t.amount().currency().getCurrencyCode()).isEqualTo("GBP"));
    assertThat(r.transactions().get(0).provenance().line()).isEqualTo(2);
    assertThat(r.transactions().get(1830).provenance().line()).isEqualTo(1832);
    assertThat(r.transactions()).extracting(Transaction::id).doesNotHaveDuplicates();
  }

  @Test
  void theLabelledSetIngestsWithItsLabelsAsCategories() {
    Path f = SharedData.file("labelled/za-bank-transactions.csv");
    IngestReport r = csv("currency", "ZAR").ingest(IngestSource.of(f));
    assertThat(r.transactions()).hasSize(310);
    assertThat(r.problems()).hasSize(3).allSatisfy(p -> assertThat(p.field()).isEqualTo("amount"));
    assertThat(r.transactions()).allSatisfy(t -> assertThat(t.category()).isNotNull());
    assertThat(r.transactions().stream().map(Transaction::category).distinct().count()).isGreaterThan(40);
    assertThat(r.transactions().get(0).category()).isEqualTo(Category.of("Fast Food & Takeouts"));
    assertThat(r.transactions().get(0).balance().amount()).isEqualByComparingTo("38624.93");
    assertThat(r.transactions().get(1).bookingDate()).isEqualTo(LocalDate.of(2023, 10, 10));
  }
}
