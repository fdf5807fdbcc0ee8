package dev.pfms.ml.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.api.model.Category;
import dev.pfms.api.model.Prediction;
import dev.pfms.api.model.Taxonomy;
import dev.pfms.api.spi.Categorizer;
import dev.pfms.api.spi.ProviderConfig;
import dev.pfms.tck.TckData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZeroShotBehaviourTest {

  private static final Categorizer UNTRAINED =
      new ZeroShotProvider().create(ProviderConfig.of(Map.of("embeddings", "off")));

  @ParameterizedTest
  @CsvSource({
      "TESCO STORES 2231 LEEDS,-23.10,FOOD_AND_DRINK_GROCERIES",
      "SHELL GREENFIELDS 07 OCT,-45.00,TRANSPORTATION_FUEL",
      "BGC ACME LTD SALARY,2100.00,INCOME_SALARY",
      "NETFLIX.COM 5521,-10.99,ENTERTAINMENT_TV_AND_MOVIES",
      "POS Purchase Checkers Ballito,-310.20,FOOD_AND_DRINK_GROCERIES",
      "SMS Notification Fee,-0.80,BANK_FEES_ACCOUNT_FEES",
      "Card Purchase Insufficient Funds Fee,-0.40,BANK_FEES_OVERDRAFT_FEES"})
  void categorizesObviousRowsWithoutAnyLabel(String description, String amount, String code) {
    Prediction p = UNTRAINED.categorize(TckData.tx(description, amount, LocalDate.of(2025, 5, 1)));
    assertThat(p.category()).isEqualTo(Category.of(code));
    assertThat(p.needsReview()).isFalse();
    assertThat(String.join(" ", p.explanation())).contains("merchant lexicon");
  }

  @Test
  void withoutALexiconMatchItUsesCategoryDescriptionsAndSaysSo() {
    Prediction p = UNTRAINED.categorize(TckData.tx("CITY POWER UTILITY BILL", "-30.00", LocalDate.of(2025, 5, 1)));
    assertThat(p.category().primary()).isEqualTo("RENT_AND_UTILITIES");
    Prediction unknown = UNTRAINED.categorize(TckData.tx("QWXZ HOLDINGS", "-30.00", LocalDate.of(2025, 5, 1)));
    assertThat(unknown.needsReview()).isTrue();
    assertThat(unknown.explanation().get(0)).contains("without labels");
  }

  @Test
  void moneyInIsNeverSpendingAndMoneyOutIsNeverIncome() {
    Prediction in = UNTRAINED.categorize(TckData.tx("QWXZ HOLDINGS", "300.00", LocalDate.of(2025, 5, 1)));
    assertThat(in.category().primary()).isIn("INCOME", "TRANSFER_IN");
    Prediction out = UNTRAINED.categorize(TckData.tx("INTEREST", "-3.00", LocalDate.of(2025, 5, 1)));
    assertThat(out.category()).isEqualTo(Category.of("BANK_FEES_INTEREST_CHARGES"));
  }

  @Test
  void everyLexiconEntryNamesAStandardCategoryAndMatchesItself() {
    MerchantLexicon lex = MerchantLexicon.shipped();
    assertThat(lex.size()).isGreaterThan(400);
    assertThat(lex.match("PAYPAL *STEAMGAMES", new BigDecimal("-20")).orElseThrow().category().code())
        .isEqualTo("ENTERTAINMENT_VIDEO_GAMES");
    assertThat(Taxonomy.standard().find("FOOD_AND_DRINK_GROCERIES")).isPresent();
  }
}
