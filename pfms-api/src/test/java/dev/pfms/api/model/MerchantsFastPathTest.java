package dev.pfms.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link Merchants#normalize} skips passes that cannot match; it must equal the all-passes reference. */
class MerchantsFastPathTest {

  @Test
  void skippingPassesThatCannotMatchNeverChangesTheResult() throws IOException {
    List<String> inputs = new ArrayList<>(List.of("POS 1234 TESCO STORES 3245 LONDON GB",
        "CARD PAYMENT TO NETFLIX.COM ****1234 ON 12/03", "12345", "XXXX 1234 SHELL", "ABC-12/03", "COSTA 10:45",
        "AMAZON #123 UK", "Café Noir ½ price", "x*9 12JAN24 ÜBERWEISUNG", "", "   ", "PAYPAL INST XFER 220803~ Tran: ACHDW",
        "Ằdøłƥh Noƴa", "tab\tand\nnewline 2024-01-01", "EXXON 12", "**** ****-1234 x"));
    Random r = new Random(7);
    String alphabet = "ABCXx*#:/.-& '0123456789 é½²\t,JANDEC";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(30);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      inputs.add(sb.toString());
    }
    String[] tokens = {"XX", "X", "**", "****1234", "***12345", "*1", "XX12", "BOXX12", "EXXON", "-", "A-B", "12",
        "3153", "ABC123", "12JAN24", "12/03", "NETFLIX.COM", "S/MKTS", "(PTY)", "'", "&", "GB", "POS", "UK", "MAXX",
        "x*", "*x", "CAFE", "o'neil", "-12", "12-", "A_B", "****-1234", "  ", "CARD", "payment", "To", "DD", "FPO",
        "CONTACTLESS", "int'l", "Visa", "zaf", "Usa", "TESCO", "STORES", "LONDON", "gbr", "PUR&", "&DD", "POSX", "PO"};
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(6);
      for (int k = 0; k < n; k++) {
        sb.append(tokens[r.nextInt(tokens.length)]).append(r.nextInt(5) == 0 ? "" : " ");
      }
      inputs.add(sb.toString());
    }
    for (String sub : List.of("labelled", "bank-csv/csv2ofx/input")) {
      Path dir = Path.of(System.getProperty("pfms.shared.data", "../shared/data"), sub);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.toList()) {
            for (String line : Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
              inputs.addAll(List.of(line.split("[,;]")));
            }
          }
        }
      }
    }
    for (String s : inputs) {
      assertThat(Merchants.normalize(s)).as("normalize(\"%s\")", s).isEqualTo(Merchants.normalizeReference(s));
    }
  }
}
