package dev.pfms.ml.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
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

  // the scan and the pre-checks that skip the patterns must give what the patterns and the regex split give

  @Test
  void theScanEqualsTheRegexTokenizerOnAwkwardText() {
    List<String> cases = List.of("", " ", "XX12", "abcXX1234 x", "xxxx-1234 SHOP", "** 12", "x*x 99", "X X 12",
        "07 Oct", "7October2023 rent", "3389 MANCHESTER", "12 sept99", "1.2.2023", "2023-10-27T10:00:59 a",
        "é1-2 shop", "caf\u00e9 \u0130stanbul", "I\u0307x", "\ud835\udc00bc \ud83d\ude00 fish", "\ud800 lone",
        "\u2167 roman", "\u00bd half", "o'neil's ''", "''a''", "AT&T & co", "14:02", "1:2", "99:99:99", "a:1",
        "no ref id 12", "\t9\u000Bjan", "9\u00a0jan", "\u0661\u0662/\u0663 arabic", "x\u200b\u200by");
    for (String c : cases) {
      assertThat(BankText.tokens(c)).as(c).isEqualTo(BankText.tokensByRegex(c));
    }
  }

  @Test
  void theScanEqualsTheRegexTokenizerOnRandomText() {
    String alphabet = "0123456789xX*:./- \t\u000Bjanfebmrpyulgsoctvd" + "JANFEBMRPYULGSOCTVD&'_,()#"
        + "\u00e9\u0130\u00df\u2167\u00bd\u0661\u00a0\u200b";
    SplittableRandom rnd = new SplittableRandom(20261202L);
    for (int k = 0; k < 200_000; k++) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(24);
      for (int i = 0; i < len; i++) {
        int r = rnd.nextInt(100);
        if (r < 2) {
          b.appendCodePoint(0x1D400 + rnd.nextInt(50)); // a letter outside the BMP
        } else if (r < 3) {
          b.append((char) (0xD800 + rnd.nextInt(0x800))); // a lone surrogate
        } else {
          b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      }
      String c = b.toString();
      assertThat(BankText.tokens(c)).as(c).isEqualTo(BankText.tokensByRegex(c));
    }
  }

  @Test
  void theScanEqualsTheRegexTokenizerOnEveryLineOfTheSampleAndSharedData() throws IOException {
    List<Path> roots = new ArrayList<>(List.of(Path.of("../sample_data")));
    Path shared = Path.of(System.getProperty("pfms.shared.data", "../../shared/data"));
    if (Files.isDirectory(shared)) {
      roots.add(shared); // real exports of many banks; when absent, the sample data and the cases above remain
    }
    int lines = 0;
    for (Path root : roots) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md")).toList();
      }
      for (Path f : files) {
        for (String line : new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n")) {
          for (String field : (line + "," + line.replace(',', ' ')).split("[,;\t]")) {
            assertThat(BankText.tokens(field)).as(f + ": " + field).isEqualTo(BankText.tokensByRegex(field));
            lines++;
          }
        }
      }
    }
    assertThat(lines).isGreaterThan(10_000);
  }
}
