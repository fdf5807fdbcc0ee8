package dev.pfms.core.ingest.ofx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.core.ingest.SharedData;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Money;
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

class OfxIngestorTest extends IngestorContract {

  static final String SGML = """
      OFXHEADER:100
      DATA:OFXSGML
      VERSION:102
      CHARSET:1252

      <OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240301</SONRS></SIGNONMSGSRSV1>
      <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
      <STMTRS><CURDEF>GBP<BANKACCTFROM><BANKID>200000<ACCTID>12345678<ACCTTYPE>CHECKING</BANKACCTFROM>
      <BANKTRANLIST><DTSTART>20240301<DTEND>20240331
      <STMTTRN><TRNTYPE>POS<DTPOSTED>20240302120000.000[0:GMT]<TRNAMT>-36.50<FITID>A1<NAME>TESCO STORES 3245<MEMO>LONDON</STMTTRN>
      <STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240325<TRNAMT>2500.00<FITID>A2<NAME>EMPLOYER LTD &amp; CO</STMTTRN>
      </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
      """;

  static final String XML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <?OFX OFXHEADER="200" VERSION="220"?>
      <OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>EUR</CURDEF>
      <CCACCTFROM><ACCTID>4111111111111111</ACCTID></CCACCTFROM>
      <BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><TRNAMT>-9.99</TRNAMT>
      <FITID>X</FITID><NAME><![CDATA[NETFLIX.COM]]></NAME></STMTTRN></BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS>
      </CREDITCARDMSGSRSV1></OFX>
      """;

  @Override
  protected IngestorProvider provider() {
    return new OfxIngestorProvider();
  }

  @Override
  protected List<IngestSource> validSamples() {
    return List.of(IngestSource.ofText("bank.ofx", SGML), IngestSource.ofText("card.qfx", XML));
  }

  @Override
  protected IngestSource malformedSample() {
    return IngestSource.ofText("broken.ofx", SGML.replace("<TRNAMT>2500.00", "<TRNAMT>25OO.00"));
  }

  @Test
  void readsSgmlWithUnclosedLeavesNamingPayeeAndLine() {
    IngestReport r = Pfms.ingestor("ofx").ingest(IngestSource.ofText("bank.ofx", SGML));
    assertThat(r.transactions()).hasSize(2);
    Transaction t = r.transactions().get(0);
    assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2024, 3, 2));
    assertThat(t.amount()).isEqualTo(Money.of("-36.50", "GBP"));
    assertThat(t.merchant()).isEqualTo("TESCO STORES 3245");
    assertThat(t.description()).isEqualTo("TESCO STORES 3245 LONDON");
    assertThat(t.reference()).isEqualTo("A1");
    assertThat(t.account()).isEqualTo("****5678");
    assertThat(t.provenance().line()).isEqualTo(10);
    assertThat(r.transactions().get(1).merchant()).isEqualTo("EMPLOYER LTD & CO");
  }

  @Test
  void readsXmlWithCdataAndMasksTheCardNumber() {
    IngestReport r = Pfms.ingestor("ofx").ingest(IngestSource.ofText("card.qfx", XML));
    assertThat(r.transactions()).singleElement().satisfies(t -> {
      assertThat(t.merchant()).isEqualTo("NETFLIX.COM");
      assertThat(t.account()).isEqualTo("****1111");
    });
    assertThat(r.layout()).containsEntry("dialect", "OFX 2.x (XML)");
  }

  @Test
  void autoSelectionPicksTheIngestorThatRecognizesEachFormat() {
    assertThat(Pfms.ingestorFor(IngestSource.ofText("x.dat", SGML)).format()).isEqualTo("ofx");
    assertThat(Pfms.ingestorFor(IngestSource.ofText("x.dat", "Date,Description,Amount\n2024-01-01,A,-1.00\n"))
        .format()).isEqualTo("csv");
    assertThat(Pfms.ingestorFor(IngestSource.ofText("x.dat", "!Type:Bank\nD01/02/2024\nT-1.00\n^\n")).format())
        .isEqualTo("qif");
    assertThat(Pfms.ingestorFor(IngestSource.ofText("x.dat", ":20:REF\n:25:123456789\n:60F:C240101EUR1,00\n"
        + ":61:2401020102D1,00NTRFNONREF\n:62F:C240102EUR0,00\n")).format()).isEqualTo("mt940");
    assertThat(Pfms.available(IngestorProvider.class)).containsExactly("camt053", "csv", "mt940", "ofx", "qif");
  }

  @Test
  void everySharedOfxFixtureParsesOrGivesTheBanksRefusal() throws IOException {
    Path dir = SharedData.dir("ofx/ofxparse");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".ofx")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    int transactions = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.equals("signon_fail.ofx") || name.equals("error_message.ofx")) {
        assertThatThrownBy(() -> Pfms.ingestor("ofx").ingest(IngestSource.of(f)))
            .isInstanceOf(IngestException.class).hasMessageContaining(name).hasMessageContaining("refused");
        continue;
      }
      assertThat(Pfms.ingestorFor(IngestSource.of(f)).format()).as(name).isEqualTo("ofx");
      IngestReport r = Pfms.ingestor("ofx").ingest(IngestSource.of(f));
      if (name.equals("fidelity-savings.ofx")) {
        // cash lines written with four decimals (115.8331 USD): located problems, never rounded silently
        assertThat(r.problems()).as(name).isNotEmpty().allSatisfy(p -> {
          assertThat(p.field()).isEqualTo("TRNAMT");
          assertThat(p.line()).isPositive();
          assertThat(p.reason()).contains("more decimals than USD allows");
        });
      } else {
        assertThat(r.problems()).as(name).isEmpty();
      }
      transactions += r.transactions().size();
    }
    System.out.println("[ofx] " + files.size() + " fixtures, " + transactions + " transactions");
    assertThat(transactions).isGreaterThanOrEqualTo(19);
  }

  @Test
  void brokenFixturesGiveLocatedProblemsNotCrashes() {
    Path dir = SharedData.dir("ofx/ofxparse/fail_nice");
    IngestReport dates = Pfms.ingestor("ofx").ingest(IngestSource.of(dir.resolve("date_missing.ofx")));
    assertThat(dates.problems()).hasSize(3).allSatisfy(p -> {
      assertThat(p.field()).isEqualTo("DTPOSTED");
      assertThat(p.line()).isPositive();
    });
    IngestReport decimal = Pfms.ingestor("ofx").ingest(IngestSource.of(dir.resolve("decimal_error.ofx")));
    assertThat(decimal.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("201120000000"));
    IngestReport balance = Pfms.ingestor("ofx").ingest(IngestSource.of(dir.resolve("empty_balance.ofx")));
    assertThat(balance.transactions()).hasSize(1);
  }

  @Test
  void aFileWithoutAnOfxElementIsOneClearError() {
    assertThatThrownBy(() -> Pfms.ingestor("ofx").ingest(IngestSource.ofText("n.ofx", "hello")))
        .isInstanceOf(IngestException.class).hasMessageContaining("n.ofx").hasMessageContaining("<OFX>");
  }

  @Test
  void aBrokenTagIsALocatedProblemNotTextFoldedIntoThePreviousElement() {
    // each breaks the second transaction (line 11) or the tag of its leaf; the first is kept
    for (String[] broken : new String[][] {
        {"<STMTTRN><TRNTYPE>CREDIT", "<STMTXRN><TRNTYPE>CREDIT"},
        {"<STMTTRN><TRNTYPE>CREDIT", "xSTMTTRN><TRNTYPE>CREDIT"},
        {"<NAME>EMPLOYER", "xNAME>EMPLOYER"},
        {"<FITID>A2<NAME>", "<FITID>A2<NAME?"},
        {"<STMTTRN><TRNTYPE>CREDIT", "<STMTTRN<TRNTYPE>CREDIT"}}) {
      IngestReport r = Pfms.ingestor("ofx").ingest(IngestSource.ofText("bank.ofx", SGML.replace(broken[0], broken[1])));
      assertThat(r.transactions()).as(broken[1]).hasSize(1);
      assertThat(r.transactions().get(0).description()).isEqualTo("TESCO STORES 3245 LONDON");
      assertThat(r.errors()).as(broken[1]).isNotEmpty().allSatisfy(p -> {
        assertThat(p.line()).isEqualTo(11);
        assertThat(p.field()).isNotBlank();
      });
    }
    // text in an aggregate must not turn it into a leaf that ends at the next tag (losing the statement)
    IngestReport r = Pfms.ingestor("ofx").ingest(IngestSource.ofText("bank.ofx", SGML.replace("<STMTRS><CURDEF>",
        "<STMTRS>m<CURDEF>")));
    assertThat(r.transactions()).hasSize(2);
    assertThat(r.warnings()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(8));
  }
}
