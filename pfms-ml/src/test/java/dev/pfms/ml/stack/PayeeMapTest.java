package dev.pfms.ml.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Prediction;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.api.categorize.PayeeMap;
import dev.pfms.tck.TckData;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayeeMapTest {

  private static final LocalDate D = LocalDate.of(2025, 4, 1);

  @Test
  void aTaughtPayeeCoversEverySpellingThatStartsWithItsKey() {
    PayeeMap m = PayeeMap.inMemory(false);
    m.teach(TckData.tx("AMZNMKTPLACE 2X3 ", "-12.00", D), "Amazon", PayeeMap.Source.CORRECTION);
    assertThat(m.payee("AMZNMKTPLACE 99Q BRISTOL").orElseThrow().payee()).isEqualTo("Amazon");
    assertThat(m.payee("AMAZON.CO.UK")).isEmpty();
    assertThat(m.canonicalize(TckData.tx("AMZNMKTPLACE 77 LEEDS", "-3.00", D)).merchant()).isEqualTo("Amazon");
  }

  @Test
  void aCorrectionIsOnlyASuggestionUntilConfirmedWhenConfiguredSo() {
    PayeeMap m = PayeeMap.inMemory(true);
    m.teach(TckData.tx("SQ *JOES CAFE 1234", "-4.00", D), "Joe's Cafe", PayeeMap.Source.CORRECTION);
    assertThat(m.payee("SQ *JOES CAFE 88")).isEmpty();
    assertThat(m.suggestion("SQ *JOES CAFE 88").orElseThrow().payee()).isEqualTo("Joe's Cafe");
    m.teach(TckData.tx("SQ *JOES CAFE 1234", "-4.00", D), "Joe's Cafe", PayeeMap.Source.CONFIRMATION);
    assertThat(m.payee("SQ *JOES CAFE 88").orElseThrow().confirmed()).isTrue();
  }

  @Test
  void nothingTaughtIsLostOnRestart(@TempDir Path dir) {
    Path file = dir.resolve("payees.jsonl");
    PayeeMap.jsonLines(file, false).teach(TckData.tx("NFLX DIGITAL 8812", "-9.99", D), "Netflix",
        PayeeMap.Source.CONFIRMATION);
    PayeeMap reopened = PayeeMap.jsonLines(file, false);
    assertThat(reopened.payee("NFLX DIGITAL 1").orElseThrow().payee()).isEqualTo("Netflix");
    assertThat(reopened.toString()).doesNotContain("Netflix").doesNotContain("nflx");
  }

  @Test
  void stackedGbmAppliesLearnedPayeesBeforeCategorizingAndSaysSo() {
    PayeeMap m = PayeeMap.inMemory(false);
    m.teach(TckData.tx("ZXQ TRADING 1 LTD", "-5.00", D), "Costa Coffee", PayeeMap.Source.CONFIRMATION);
    Categorizer c = new StackedGbmProvider().create(ProviderConfig.builder().set(StackedGbmProvider.PAYEE_MAP, m)
        .set(StackedGbmProvider.CASCADE, false).set(StackedGbmProvider.EMBEDDINGS, "off").build());
    c.train(TckData.labelled(24, 1));
    Prediction p = c.categorize(TckData.tx("ZXQ TRADING 1 LTD", "-3.10", D));
    assertThat(String.join(" | ", p.explanation())).contains("payee Costa Coffee (learned from your confirmation)");
  }

  @Test
  void aPayeeTaughtBeforeARestartStillAppliesToANewCategorizerOnTheSameFile(@TempDir Path dir) {
    Path file = dir.resolve("payees.jsonl");
    PayeeMap.jsonLines(file, false).teach(TckData.tx("ZXQ TRADING 1 LTD", "-5.00", D), "Costa Coffee",
        PayeeMap.Source.CORRECTION);
    Categorizer c = new StackedGbmProvider().create(ProviderConfig.of(Map.of("payees", file.toString(),
        "cascade", "false", "embeddings", "off")));
    c.train(TckData.labelled(24, 1));
    Prediction p = c.categorize(TckData.tx("ZXQ TRADING 9 LTD", "-3.10", D));
    assertThat(String.join(" | ", p.explanation())).contains("payee Costa Coffee (learned from your correction)");
  }
}
