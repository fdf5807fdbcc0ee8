package dev.pfms.ml.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BankTextTest {

  @Test
  void stripsCardNumbersDatesStoreNumbersAndKeepsMerchantWords() {
    assertThat(BankText.tokens("POS 1234 TESCO STORES 3245 LONDON GB ****1234"))
        .containsExactly("pos", "tesco", "stores", "london", "gb");
    assertThat(BankText.tokens("POS Purchase Engen Mitchell Park  * 07 Oct"))
        .containsExactly("pos", "purchase", "engen", "mitchell", "park");
    assertThat(BankText.tokens("CARD PAYMENT TO NETFLIX.COM 27/10/2023 14:02"))
        .containsExactly("card", "payment", "to", "netflix", "com");
  }

  @Test
  void keepsFeeAndChannelWordsThatMerchantNormalizationDrops() {
    assertThat(BankText.tokens("SMS Notification Fee Branch: 470010"))
        .containsExactly("sms", "notification", "fee", "branch");
    assertThat(BankText.normalize("Magtape Debit Vodacom  I6522327")).isEqualTo("magtape debit vodacom");
  }

  @Test
  void splitsPunctuatedMerchantsAndDropsLegalNoise() {
    assertThat(BankText.tokens("POS PURCHASE (EFFEC ) DJS BILTONG (PTY) LTD NORKE CARD NO. "))
        .containsExactly("pos", "purchase", "djs", "biltong", "norke", "card");
    assertThat(BankText.tokens("Apple.Com/Bill")).containsExactly("apple", "com", "bill");
  }

  @Test
  void anEmptyOrNumericDescriptionGivesNoTokens() {
    assertThat(BankText.tokens("")).isEmpty();
    assertThat(BankText.tokens("12345 ****9999 01/02")).isEqualTo(List.of());
  }

  @Test
  void theEmbeddingTextOfADescriptionWithoutTokensDropsCardNumbersAndDigits() {
    // the same merchant with another card number is the same text
    assertThat(BankText.embeddingText("B AND Q ****2864", BankText.tokens("B AND Q ****2864"))).isEqualTo("b and q");
    assertThat(BankText.embeddingText("B AND Q ****1531", BankText.tokens("B AND Q ****1531"))).isEqualTo("b and q");
    assertThat(BankText.embeddingText("  A 1 B  ", BankText.tokens("  A 1 B  "))).isEqualTo("a b");
    // with tokens it is the normalized description; with nothing but digits, the description itself
    assertThat(BankText.embeddingText("POS TESCO STORES 3412", BankText.tokens("POS TESCO STORES 3412")))
        .isEqualTo(BankText.normalize("POS TESCO STORES 3412"));
    assertThat(BankText.embeddingText("12345 ****9999", BankText.tokens("12345 ****9999"))).isEqualTo("12345 ****9999");
  }
}
