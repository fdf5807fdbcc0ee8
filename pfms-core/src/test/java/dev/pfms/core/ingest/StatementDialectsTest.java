package dev.pfms.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.Pfms;
import dev.pfms.api.model.IngestProblem;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** MT940 :86: dialects, CAMT batches and signs, OFX nesting, entities and investment cash (issue 13). */
class StatementDialectsTest {

  private static IngestReport read(String format, String name, String text) {
    return Pfms.ingestor(format).ingest(IngestSource.ofText(name, text));
  }

  private static final String MT940_HEAD = ":20:STMT\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C240101EUR100,00\n";

  @Test
  void mt940SwiftCodeSubfieldsGiveNameAccountAndRemittance() {
    IngestReport r = read("mt940", "abn.sta", MT940_HEAD
        + ":61:2401020102D10,00NTRFNONREF\n"
        + ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL12INGB0001234567/BIC/INGBNL2A/NAME/JOHN DOE/REMI/Invoice 42/EREF/E2E-1\n"
        + ":62F:C240102EUR90,00\n-\n");
    assertThat(r.errors()).isEmpty();
    Transaction t = r.transactions().get(0);
    assertThat(t.findCounterparty()).contains("JOHN DOE");
    assertThat(t.merchant()).isEqualTo("JOHN DOE");
    assertThat(t.findMemo()).contains("Invoice 42");
    assertThat(t.findCounterpartyAccount()).contains("****4567");
    assertThat(t.toString()).doesNotContain("NL12INGB0001234567").doesNotContain("JOHN");
  }

  @Test
  void mt940GermanSubfieldsAndSepaKeywords() {
    IngestReport r = read("mt940", "spk.sta", MT940_HEAD
        + ":61:2401020102D36,50NDDTNONREF\n"
        + ":86:105?00SEPA-LASTSCHRIFT?20EREF+ABC123?21SVWZ+Rechnung 2024-01 Kd\n?22nr 77?30COBADEFFXXX?31DE02200400600123456789"
        + "\n?32Stadtwerke Musterstadt?33GmbH\n"
        + ":62F:C240102EUR63,50\n-\n");
    Transaction t = r.transactions().get(0);
    assertThat(t.findCounterparty()).contains("Stadtwerke MusterstadtGmbH");
    assertThat(t.findMemo()).contains("Rechnung 2024-01 Kdnr 77");
    assertThat(t.findCounterpartyAccount()).contains("****6789");
    assertThat(t.findReference()).contains("ABC123");
  }

  @Test
  void mt940FreeTextContinuationLinesKeepTheirSpace() {
    IngestReport r = read("mt940", "fr.sta", MT940_HEAD
        + ":61:2401020102C25,00NTRFNONREF\n"
        + ":86:M. Joseph\nVirement de loyer\n"
        + ":62F:C240102EUR125,00\n-\n");
    assertThat(r.transactions().get(0).description()).isEqualTo("M. Joseph Virement de loyer");
  }

  @Test
  void mt940ImpossibleDateIsALocatedProblemAndFebruary30IsAWarning() {
    IngestReport r = read("mt940", "d.sta", MT940_HEAD
        + ":61:240231D1,00NTRFNONREF\n:86:bad\n"
        + ":61:240230D2,00NTRFNONREF\n:86:interest\n"
        + ":62F:C240102EUR97,00\n-\n");
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.reason()).contains("240231");
    });
    assertThat(r.transactions()).singleElement().extracting(Transaction::bookingDate)
        .isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(r.warnings()).singleElement().extracting(IngestProblem::reason).asString().contains("30th of February");
  }

  @Test
  void mt940MegabyteOfDigitsIsALocatedProblem() {
    String digits = "1".repeat(1 << 20);
    IngestReport r = read("mt940", "big.sta", MT940_HEAD + ":61:2401020102D" + digits + ",00NTRFNONREF\n:86:x\n-\n");
    assertThat(r.transactions()).isEmpty();
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.reason()).contains("more than 18 integer digits");
    });
  }

  static final String CAMT_HEAD = """
      <?xml version="1.0" encoding="UTF-8"?>
      <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
      <BkToCstmrDbtCdtNtfctn><Ntfctn><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
      """;
  static final String CAMT_TAIL = "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n";

  @Test
  void camt054BatchEntryIsSplitIntoItsTransactionDetails() {
    String xml = CAMT_HEAD + """
        <Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2024-03-02</Dt></BookgDt>
        <AddtlNtryInf>SAMMLER 2 POSTEN</AddtlNtryInf>
        <NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
        <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">10.00</Amt></TxAmt></AmtDtls>
          <RltdPties><Cdtr><Nm>Alpha</Nm></Cdtr><CdtrAcct><Id><IBAN>DE02100100100006820101</IBAN></Id></CdtrAcct></RltdPties>
          <RmtInf><Ustrd>Rechnung A</Ustrd></RmtInf></TxDtls>
        <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">20.00</Amt></TxAmt></AmtDtls>
          <RltdPties><Cdtr><Nm>Beta</Nm></Cdtr></RltdPties>
          <AddtlTxInf>Beitrag Beta</AddtlTxInf></TxDtls>
        </NtryDtls></Ntry>
        """ + CAMT_TAIL;
    assertThat(Pfms.ingestorFor(IngestSource.ofText("n.xml", xml)).format()).isEqualTo("camt053");
    IngestReport r = read("camt053", "n.xml", xml);
    assertThat(r.problems()).isEmpty();
    assertThat(r.transactions()).hasSize(2);
    Transaction a = r.transactions().get(0);
    Transaction b = r.transactions().get(1);
    assertThat(a.amount().amount()).isEqualByComparingTo("-10.00");
    assertThat(a.findCounterparty()).contains("Alpha");
    assertThat(a.findMemo()).contains("Rechnung A");
    assertThat(a.findCounterpartyAccount()).contains("****0101");
    assertThat(b.amount().amount()).isEqualByComparingTo("-20.00");
    assertThat(b.findMemo()).contains("Beitrag Beta");
    assertThat(a.provenance().line()).isGreaterThan(4);
    assertThat(b.provenance().line()).isGreaterThan(a.provenance().line());
  }

  @Test
  void camtIndicatorDecidesTheSignAndSaysSoForANegativeAmount() {
    String xml = CAMT_HEAD + """
        <Ntry><Amt Ccy="EUR">-5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-03-02</Dt></BookgDt>
        <AddtlNtryInf>Gutschrift</AddtlNtryInf></Ntry>
        """ + CAMT_TAIL;
    IngestReport r = read("camt053", "neg.xml", xml);
    assertThat(r.transactions()).singleElement().satisfies(t -> {
      assertThat(t.amount().amount()).isEqualByComparingTo("5.00");
      assertThat(t.description()).isEqualTo("Gutschrift");
    });
    assertThat(r.warnings()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.reason()).contains("CdtDbtInd");
    });
  }

  @Test
  void camtExponentAmountIsALocatedProblemByXmlLine() {
    String xml = CAMT_HEAD + """
        <Ntry><Amt Ccy="EUR">1E+10000000</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-03-02</Dt></BookgDt></Ntry>
        <Ntry><Amt Ccy="JPY">12.5</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2024-03-02</Dt></BookgDt></Ntry>
        """ + CAMT_TAIL;
    IngestReport r = read("camt053", "exp.xml", xml);
    assertThat(r.transactions()).isEmpty();
    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors().get(0).line()).isEqualTo(4);
    assertThat(r.errors().get(0).reason()).contains("exponent");
    assertThat(r.errors().get(1).line()).isEqualTo(5);
    assertThat(r.errors().get(1).reason()).contains("more decimals than JPY allows");
  }

  @Test
  void ofxNestedStatementIsReadOnceAndEntitiesAreDecoded() {
    String ofx = """
        OFXHEADER:100
        DATA:OFXSGML

        <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD
        <BANKACCTFROM><ACCTID>12345678</BANKACCTFROM>
        <BANKTRANLIST>
        <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240102<TRNAMT>-1.00<FITID>1<NAME>A &#60;B&#x3E; &amp; C</STMTTRN>
        <STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>99998888</BANKACCTFROM><BANKTRANLIST>
        <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240103<TRNAMT>-2.00<FITID>2<NAME>Inner</STMTTRN>
        </BANKTRANLIST></STMTRS>
        </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
        """;
    IngestReport r = read("ofx", "n.ofx", ofx);
    assertThat(r.transactions()).hasSize(2);
    assertThat(r.transactions()).extracting(Transaction::merchant).containsExactlyInAnyOrder("A <B> & C", "Inner");
  }

  @Test
  void ofxInvestmentIncomeIsACashTransaction() {
    String ofx = """
        <OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD
        <INVACCTFROM><BROKERID>b.com<ACCTID>X0000001</INVACCTFROM>
        <INVTRANLIST><DTSTART>20240101<DTEND>20240131
        <INCOME><INVTRAN><FITID>D1<DTTRADE>20240115<MEMO>DIVIDEND ACME</INVTRAN>
        <SECID><UNIQUEID>123<UNIQUEIDTYPE>CUSIP</SECID><INCOMETYPE>DIV<TOTAL>12.34<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME>
        </INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>
        """;
    IngestReport r = read("ofx", "inv.ofx", ofx);
    assertThat(r.transactions()).singleElement().satisfies(t -> {
      assertThat(t.amount().amount()).isEqualByComparingTo("12.34");
      assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2024, 1, 15));
      assertThat(t.description()).contains("DIV").contains("DIVIDEND ACME");
      assertThat(t.findReference()).contains("D1");
    });
  }

  @Test
  void accountNeverComesFromTheFileName() {
    IngestReport r = read("qif", "export-20240101-0021.qif", "!Type:Bank\nD01/02/2024\nT-1.00\nPShop\n^\n");
    assertThat(r.transactions()).singleElement().extracting(Transaction::account).isEqualTo("default");
  }

  @Test
  void qif200kMemoLinesAreOneLocatedProblem() {
    String qif = "!Type:Bank\nD01/02/2024\nT-1.00\nPShop\n" + "Mmemo\n".repeat(200_000) + "^\nD01/03/2024\nT-2.00\nPOk\n^\n";
    IngestReport r = read("qif", "memo.qif", qif);
    assertThat(r.transactions()).singleElement().extracting(Transaction::merchant).isEqualTo("Ok");
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.field()).isEqualTo("M");
    });
  }

  @Test
  void qifOneTypoDateAmongMonthFirstDatesIsOneLocatedProblem() {
    StringBuilder sb = new StringBuilder("!Type:Bank\n");
    for (int i = 1; i <= 20; i++) {
      sb.append(String.format("D03/%02d/2024%nT-1.00%nPShop%n^%n", i + 8));
    }
    sb.append("D31/03/2024\nT-1.00\nPTypo\n^\n");
    IngestReport r = read("qif", "typo.qif", sb.toString());
    assertThat(r.transactions()).hasSize(20);
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(82);
      assertThat(p.field()).isEqualTo("D");
    });
  }
}
