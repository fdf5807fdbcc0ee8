package dev.pfms.examples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 quoting and formula neutralization of exported cells; human names in reasons. */
class CsvExportTest {

  @Test
  void cellsThatASpreadsheetWouldRunAsFormulasArePrefixedAndNumbersStayNumbers() {
    assertThat(CsvExport.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    assertThat(CsvExport.cell("+cmd|' /C calc'!A0")).isEqualTo("'+cmd|' /C calc'!A0");
    assertThat(CsvExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvExport.cell("-2+3")).isEqualTo("'-2+3");
    assertThat(CsvExport.cell("\tTAB")).isEqualTo("'\tTAB");
    assertThat(CsvExport.cell("-12.50")).isEqualTo("-12.50");
    assertThat(CsvExport.cell("1250.00")).isEqualTo("1250.00");
    assertThat(CsvExport.cell("TESCO, LONDON")).isEqualTo("\"TESCO, LONDON\"");
    assertThat(CsvExport.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(CsvExport.cell("plain")).isEqualTo("plain");
    assertThat(CsvExport.cell(null)).isEmpty();
  }

  @Test
  void anomalyReasonsNameCategoriesAsPeopleDo() {
    List<String> r = Views.humanReasons(List.of("£273.70 in MEDICAL_PHARMACY is 273.7× your usual £1.00 for that"
        + " category", "£5.00 at TESCO is your first transaction with this merchant", "deviations for UNCATEGORIZED"));
    assertThat(r.get(0)).doesNotContain("MEDICAL_PHARMACY").contains("£273.70 in ").contains(" is 273.7×");
    assertThat(r.get(0)).matches(".* in [A-Z][a-z].*");
    assertThat(r.get(1)).isEqualTo("£5.00 at TESCO is your first transaction with this merchant");
    assertThat(r.get(2)).isEqualTo("deviations for Uncategorized");
  }
}
