package dev.pfms.core.ingest.camt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pfms.api.IngestException;
import dev.pfms.api.Pfms;
import dev.pfms.api.model.IngestReport;
import dev.pfms.api.model.Transaction;
import dev.pfms.api.spi.IngestSource;
import dev.pfms.api.spi.IngestorProvider;
import dev.pfms.tck.IngestorContract;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class Camt053IngestorTest extends IngestorContract {

  static final String CAMT = """
      <?xml version="1.0" encoding="UTF-8"?>
      <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
        <BkToCstmrStmt>
          <GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-03-31T18:00:00</CreDtTm></GrpHdr>
          <Stmt>
            <Id>S1</Id>
            <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
            <Ntry>
              <Amt Ccy="EUR">36.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
              <BookgDt><Dt>2024-03-02</Dt></BookgDt><ValDt><Dt>2024-03-03</Dt></ValDt>
              <AcctSvcrRef>REF-1</AcctSvcrRef>
              <NtryDtls><TxDtls>
                <RltdPties><Cdtr><Nm>REWE Markt GmbH</Nm></Cdtr></RltdPties>
                <RmtInf><Ustrd>Kartenzahlung 02.03.</Ustrd></RmtInf>
              </TxDtls></NtryDtls>
            </Ntry>
            <Ntry>
              <Amt Ccy="EUR">2500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
              <BookgDt><DtTm>2024-03-25T10:00:00</DtTm></BookgDt>
              <NtryDtls><TxDtls>
                <Refs><EndToEndId>SALARY-03</EndToEndId></Refs>
                <RltdPties><Dbtr><Nm>Arbeitgeber AG</Nm></Dbtr></RltdPties>
                <RmtInf><Ustrd>Gehalt</Ustrd><Ustrd>Maerz</Ustrd></RmtInf>
              </TxDtls></NtryDtls>
            </Ntry>
          </Stmt>
        </BkToCstmrStmt>
      </Document>
      """;

  @Override
  protected IngestorProvider provider() {
    return new Camt053IngestorProvider();
  }

  @Override
  protected List<IngestSource> validSamples() {
    return List.of(IngestSource.ofText("stmt.xml", CAMT));
  }

  @Override
  protected IngestSource malformedSample() {
    return IngestSource.ofText("bad.xml", CAMT.replace("<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>X</CdtDbtInd>"));
  }

  @Test
  void readsEntriesWithSignsCounterpartiesAndRemittanceInformation() {
    IngestReport r = Pfms.ingestor("camt053").ingest(IngestSource.ofText("stmt.xml", CAMT));
    assertThat(r.transactions()).hasSize(2);
    Transaction out = r.transactions().get(0);
    assertThat(out.amount().amount()).isEqualByComparingTo("-36.50");
    assertThat(out.merchant()).isEqualTo("REWE Markt GmbH");
    assertThat(out.description()).isEqualTo("REWE Markt GmbH Kartenzahlung 02.03.");
    assertThat(out.findValueDate()).contains(LocalDate.of(2024, 3, 3));
    assertThat(out.account()).isEqualTo("****3000");
    assertThat(out.reference()).isEqualTo("REF-1");
    Transaction in = r.transactions().get(1);
    assertThat(in.amount().amount()).isEqualByComparingTo("2500.00");
    assertThat(in.bookingDate()).isEqualTo(LocalDate.of(2024, 3, 25));
    assertThat(in.merchant()).isEqualTo("Arbeitgeber AG");
    assertThat(in.reference()).isEqualTo("SALARY-03");
    long secondEntryLine = CAMT.substring(0, CAMT.indexOf("<Ntry>", CAMT.indexOf("<Ntry>") + 1)).lines().count();
    assertThat(in.provenance().line()).as("the XML line of the second <Ntry>").isEqualTo(secondEntryLine);
    assertThat(Pfms.ingestorFor(IngestSource.ofText("stmt.xml", CAMT)).format()).isEqualTo("camt053");
  }

  @Test
  void refusesDoctypesSoNoExternalEntityIsEverResolved() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"EUR\">&x;</Amt></Ntry></Stmt></BkToCstmrStmt></Document>";
    assertThatThrownBy(() -> Pfms.ingestor("camt053").ingest(IngestSource.ofText("xxe.xml", xxe)))
        .isInstanceOf(IngestException.class).hasMessageContaining("xxe.xml");
  }
}
