package dev.pfms.core.ingest.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** What the file says is read, not invented (issue 13): currency, signs, roles, dates, charsets, bounds. */
class CsvDetectionTest {

  private static IngestReport read(String name, String text) {
    return Pfms.ingestor("csv").ingest(IngestSource.ofText(name, text));
  }

  @Test
  void manyInterleavedAccountsEachWithItsOwnBalanceStayTheStatementsAccounts() {
    // 300 accounts interleaved by date (3 rows each): the column varies row by row, but each value chains its own balance
    StringBuilder csv = new StringBuilder("Date,Account,Description,Amount (GBP),Balance\n");
    long[] balance = new long[300];
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 900; i++) {
      int a = i % 300;
      long cents = -(1 + random.nextInt(9_000));
      balance[a] += cents;
      csv.append(LocalDate.of(2024, 1, 1).plusDays(i / 300)).append(",acct-").append(a).append(",SHOP ").append(i % 7)
          .append(',').append(BigDecimal.valueOf(cents, 2)).append(',').append(BigDecimal.valueOf(10_000_00 + balance[a], 2))
          .append('\n');
    }
    IngestReport r = read("all-accounts.csv", csv.toString());
    assertThat(r.problems()).isEmpty();
    assertThat(r.transactions()).hasSize(900);
    assertThat(r.transactions().stream().map(Transaction::account).distinct().count()).isEqualTo(300);
    assertThat(r.transactions()).allSatisfy(t -> assertThat(t.counterpartyAccount()).isNull());
    // newest first, as many banks export: the same
    String[] lines = csv.toString().split("\n");
    StringBuilder reversed = new StringBuilder(lines[0]).append('\n');
    for (int i = lines.length - 1; i >= 1; i--) {
      reversed.append(lines[i]).append('\n');
    }
    assertThat(read("newest-first.csv", reversed.toString()).transactions().stream().map(Transaction::account)
        .distinct().count()).isEqualTo(300);
  }

  @Test
  void aColumnOfTheOtherPartysAccountsStaysTheCounterpartysWhenTheStatementHasOneBalance() {
    // one statement, one running balance; the "Account" column names the other party, varying row by row
    StringBuilder csv = new StringBuilder("Date,Account,Description,Amount (GBP),Balance\n");
    long balance = 500_000;
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 600; i++) {
      long cents = -(1 + random.nextInt(9_000));
      balance += cents;
      csv.append(LocalDate.of(2024, 1, 1).plusDays(i / 20)).append(",GB29NWBK6016133192").append(String.format("%04d", i % 300))
          .append(",PAYMENT ").append(i % 7).append(',').append(BigDecimal.valueOf(cents, 2)).append(',')
          .append(BigDecimal.valueOf(balance, 2)).append('\n');
    }
    IngestReport r = read("payments.csv", csv.toString());
    assertThat(r.problems()).isEmpty();
    assertThat(r.transactions().stream().map(Transaction::account).distinct().toList()).hasSize(1);
    assertThat(r.transactions()).allSatisfy(t -> assertThat(t.counterpartyAccount()).isNotNull());
  }

  @Test
  void currencyFromAHeaderSuffix() {
    IngestReport r = read("h.csv", "Date,Description,Amount (EUR)\n2024-03-01,Shop,-1.00\n");
    assertThat(r.transactions().get(0).amount().currency().getCurrencyCode()).isEqualTo("EUR");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void currencyFromAColumnOfIsoCodesWhateverItsHeader() {
    IngestReport r = read("m.csv", "Date;Libell\u00e9;Montant;Monn.\n2024-03-01;Migros;-12,50;CHF\n2024-03-02;Coop;-3,00;CHF\n");
    assertThat(r.transactions()).allSatisfy(t -> assertThat(t.amount().currency().getCurrencyCode()).isEqualTo("CHF"));
    IngestReport headerless = read("n.csv", "2024-03-01,Shop,-1.00,EUR\n2024-03-02,Cafe,-2.00,EUR\n");
    assertThat(headerless.transactions()).allSatisfy(t ->
        assertThat(t.amount().currency().getCurrencyCode()).isEqualTo("EUR"));
  }

  @Test
  void unknownCurrencyIsAWarningNamingTheOption() {
    IngestReport r = read("x.csv", "Date,Description,Amount\n2024-03-01,Shop,-1.00\n");
    assertThat(r.transactions().get(0).amount().currency().getCurrencyCode()).isEqualTo("XXX");
    assertThat(r.warnings()).singleElement().extracting(IngestProblem::reason).asString().contains("currency=");
  }

  @Test
  void headerlessDebitCreditColumnDecidesTheSign() {
    IngestReport r = Pfms.ingestor("csv", ProviderConfig.of(java.util.Map.of("currency", "EUR")))
        .ingest(IngestSource.ofText("dc.csv", "2024-03-01,Rent,500.00,debit\n2024-03-02,Salary,2000.00,credit\n"
            + "2024-03-03,Food,20.00,debit\n2024-03-04,Refund,5.00,credit\n"));
    assertThat(r.transactions()).extracting(t -> t.amount().amount())
        .containsExactly(new BigDecimal("-500.00"), new BigDecimal("2000.00"), new BigDecimal("-20.00"),
            new BigDecimal("5.00"));
  }

  @Test
  void neverAnIbanColumnAsTheDescription() {
    IngestReport r = read("iban.csv", "2024-03-01,-10.00,DE89370400440532013000,Rent March\n"
        + "2024-03-02,-5.00,DE02100100100006820101,Cafe\n");
    assertThat(r.transactions()).extracting(Transaction::description).containsExactly("Rent March", "Cafe");
    assertThat(r.transactions().get(0).findCounterpartyAccount()).contains("****3000");
  }

  @Test
  void fromAndToColumnsGiveTheOtherPartyAndTheNoteIsKept() {
    IngestReport r = read("v.csv", "Datetime,Note,From,To,Amount (USD)\n"
        + "2024-03-01T10:00:00,Dinner,Me Owner,Alice,-30.00\n2024-03-02T10:00:00,Rent share,Bob,Me Owner,400.00\n");
    assertThat(r.transactions()).extracting(Transaction::merchant).containsExactly("Alice", "Bob");
    assertThat(r.transactions()).extracting(Transaction::description).containsExactly("Dinner", "Rent share");
    assertThat(r.transactions().get(1).findMemo()).contains("Rent share");
  }

  @Test
  void germanLabelledTextGivesCounterpartyAccountAndMemo() {
    IngestReport r = read("de.csv", "Buchungstag;Umsatz;Buchungstext\n"
        + "01.03.2024;-36,50;Empf\u00e4nger: Stadtwerke GmbH Kto/IBAN: DE02100100100006820101 BLZ/BIC: PBNKDEFF "
        + "Buchungstext: Abschlag 03/2024 Ref. 4F7X\n");
    Transaction t = r.transactions().get(0);
    assertThat(t.merchant()).isEqualTo("Stadtwerke GmbH");
    assertThat(t.findCounterpartyAccount()).contains("****0101");
    assertThat(t.findMemo()).contains("Abschlag 03/2024");
    assertThat(t.findReference()).contains("4F7X");
  }

  @Test
  void oneBadDateAmongMonthFirstDatesIsOneLocatedProblem() {
    StringBuilder sb = new StringBuilder("Date,Description,Amount\n");
    for (int i = 1; i <= 28; i++) {
      sb.append(String.format("03/%02d/2024,Shop %d,-1.00%n", i, i));
    }
    sb.append("31/03/2024,Typo,-1.00\n");
    IngestReport r = read("typo.csv", sb.toString());
    assertThat(r.transactions()).hasSize(28);
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(30);
      assertThat(p.field()).isEqualTo("Date");
    });
  }

  @Test
  void ambiguousDatesAreResolvedByTheStatementsChronologicalOrder() {
    // day-first: 1 Feb, 3 Feb, 5 Feb, 7 Feb (in order); month-first: 2 Jan, 2 Mar, 2 May, 2 Jul (also in order)…
    // …so add one pair that only one reading keeps in order: 11/02 then 12/02
    IngestReport r = read("chrono.csv", "Date,Description,Amount\n10/02/2024,A,-1.00\n11/02/2024,B,-1.00\n"
        + "01/03/2024,C,-1.00\n02/03/2024,D,-1.00\n");
    assertThat(r.transactions().get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 2, 10));
    assertThat(r.warnings()).anySatisfy(p -> assertThat(p.reason()).contains("date order").contains("day-first=false"));
  }

  @Test
  void aDayAboveTwelveLaterInTheFileDecidesTheOrder() {
    StringBuilder sb = new StringBuilder("Date,Description,Amount (GBP)\n");
    for (int i = 0; i < 4000; i++) {
      sb.append("01/02/2024,Filler row number ").append(i).append(",-1.00\n");
    }
    sb.append("25/02/2024,Late,-1.00\n");
    IngestReport r = read("late.csv", sb.toString());
    assertThat(r.transactions().get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 2, 1));
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void trailingJunkAfterADateIsRejected() {
    IngestReport r = read("t.csv", "Date,Description,Amount (EUR)\n16/01/2024 12:99:99 XYZ,A,-1.00\n"
        + "17/01/2024 10:00:00,B,-2.00\n");
    assertThat(r.transactions()).singleElement().extracting(Transaction::description).isEqualTo("B");
    assertThat(r.errors()).singleElement().extracting(IngestProblem::line).isEqualTo(2L);
  }

  @Test
  void moreDecimalsThanTheCurrencyAllowsIsAProblem() {
    IngestReport gbp = read("g.csv", "Date,Description,Amount (GBP)\n2024-01-01,A,12.345\n2024-01-02,B,12.340\n"
        + "2024-01-03,C,-1.50\n");
    assertThat(gbp.transactions()).extracting(Transaction::description).containsExactly("B", "C");
    assertThat(gbp.errors()).singleElement().extracting(IngestProblem::reason).asString().contains("GBP");
    IngestReport jpy = read("j.csv", "Date,Description,Amount (JPY)\n2024-01-01,A,12.5\n2024-01-02,B,1200\n");
    assertThat(jpy.transactions()).singleElement().extracting(Transaction::description).isEqualTo("B");
  }

  @Test
  void aMillionDigitAmountIsALocatedProblemAndTheOtherRowsStay() {
    String text = "Date,Description,Amount (EUR)\n2024-01-01,A,-1.00\n2024-01-02,B," + "9".repeat(1_000_000)
        + "\n2024-01-03,C,-3.00\n";
    IngestReport r = read("big.csv", text);
    assertThat(r.transactions()).extracting(Transaction::description).containsExactly("A", "C");
    assertThat(r.errors()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(3));
  }

  @Test
  void amountsOverEighteenIntegerDigitsOrWithAnExponentAreProblems() {
    IngestReport r = read("b.csv", "Date,Description,Amount (EUR)\n2024-01-01,A,1234567890123456789.00\n"
        + "2024-01-02,B,1E+5\n2024-01-03,C,123456789012345678.00\n");
    assertThat(r.transactions()).extracting(Transaction::description).containsExactly("C");
    assertThat(r.errors()).extracting(IngestProblem::line).containsExactly(2L, 3L);
  }

  @Test
  void utf16WithAndWithoutBomAndUtf32AreRead() {
    String text = "Date,Description,Amount (EUR)\n2024-01-01,Caf\u00e9 M\u00fcller,-1.00\n";
    for (Charset cs : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, Charset.forName("UTF-32LE")}) {
      for (boolean bom : new boolean[] {true, false}) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((bom ? "\ufeff" + text : text).getBytes(cs));
        IngestSource s = IngestSource.of("u.csv", b.toByteArray());
        assertThat(Pfms.ingestorFor(s).format()).as(cs + " bom=" + bom).isEqualTo("csv");
        IngestReport r = Pfms.ingestor("csv").ingest(s);
        assertThat(r.transactions()).as(cs + " bom=" + bom).singleElement()
            .extracting(Transaction::description).isEqualTo("Caf\u00e9 M\u00fcller");
      }
    }
  }

  @Test
  void latin1BytesAfterTheFirst64KibAreNotSilentlyReplaced() {
    StringBuilder sb = new StringBuilder("Date,Description,Amount (EUR)\n");
    int line = 1;
    while (sb.length() < 70_000) {
      sb.append("2024-01-01,plain ascii row,-1.00\n");
      line++;
    }
    byte[] ascii = sb.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "2024-01-02,Caf\u00e9,-2.00\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[ascii.length + tail.length];
    System.arraycopy(ascii, 0, all, 0, ascii.length);
    System.arraycopy(tail, 0, all, ascii.length, tail.length);
    IngestReport r = Pfms.ingestor("csv").ingest(IngestSource.of("l.csv", all));
    assertThat(r.transactions().get(r.transactions().size() - 1).description()).isEqualTo("Caf\u00e9");
    long expectedLine = line + 1;
    assertThat(r.warnings()).anySatisfy(p -> {
      assertThat(p.line()).isEqualTo(expectedLine);
      assertThat(p.reason()).contains("windows-1252");
    });
  }

  @Test
  void anOverlongFieldIsALocatedProblem() {
    String text = "Date,Description,Amount (EUR)\n2024-01-01,A,-1.00\n2024-01-01,"
        + "x".repeat(CsvIngestor.MAX_FIELD_CHARS + 1) + ",-1.00\n2024-01-02,B,-2.00\n";
    IngestReport r = read("long.csv", text);
    assertThat(r.transactions()).extracting(Transaction::description).containsExactly("A", "B");
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.field()).isEqualTo("Description");
    });
  }
}
