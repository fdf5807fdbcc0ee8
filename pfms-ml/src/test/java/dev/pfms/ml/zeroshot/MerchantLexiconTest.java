package dev.pfms.ml.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pfms.ml.text.BankText;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shipped lexicon: the hand-written phrases and the generated brand names (ADR 0029). */
class MerchantLexiconTest {

  private static final BigDecimal OUT = new BigDecimal("-25.00");

  private static String code(String description) {
    return MerchantLexicon.shipped().match(description, OUT).map(m -> m.category().code()).orElse("none");
  }

  private static List<String> lines(String resource) throws Exception {
    try (InputStream in = MerchantLexicon.class.getResourceAsStream(resource)) {
      List<String> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        out.add(l);
      }
      return out;
    }
  }

  @Test
  void brandNamesFromTheNameSuggestionIndexAreKnown() {
    assertThat(MerchantLexicon.shipped().size()).isGreaterThan(10_000);
    assertThat(code("POS Purchase Cape Union Mart Canal Walk * 12 Oct")).isEqualTo("GENERAL_MERCHANDISE_SPORTING_GOODS");
    assertThat(code("TEKKIE TOWN MENLYN (Card )")).isEqualTo("GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES");
    assertThat(code("DEBONAIRS PIZZA ROSEBANK")).isEqualTo("FOOD_AND_DRINK_FAST_FOOD");
    // car park and public transport operators
    assertThat(code("CARD PAYMENT APCOA PARKING HEATHROW")).isEqualTo("TRANSPORTATION_PARKING");
    assertThat(code("METRORAIL CAPE TOWN")).isEqualTo("TRANSPORTATION_PUBLIC_TRANSIT");
    // money in is not a purchase
    assertThat(MerchantLexicon.shipped().match("DEBONAIRS PIZZA ROSEBANK", new BigDecimal("25.00"))).isEmpty();
  }

  @Test
  void theLongerPhraseWinsAndAHandWrittenOneStands() {
    // "mr price" is hand-written (clothing); the brand list adds the longer "mr price home" (furniture)
    assertThat(code("POS Purchase Mr Price Benoni * 02 Nov")).isEqualTo("GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES");
    assertThat(code("POS Purchase Mr Price Home Canal Walk * 02 Nov")).isEqualTo("HOME_FURNITURE");
    Optional<MerchantLexicon.Match> m = MerchantLexicon.shipped().match("MR PRICE HOME CANAL WALK", OUT);
    assertThat(m.orElseThrow().phrase()).isEqualTo("mr price home");
  }

  @Test
  void commonWordsPlacesAndBanksAreNotBrandPhrases() throws Exception {
    // one-word names that are words, places or surnames, banks and charging networks are left out by the
    // generator: these would misread ordinary descriptions
    assertThat(code("VIS RINGGO PARKING BRISTOL GB")).isEqualTo("TRANSPORTATION_PARKING");
    assertThat(code("GAME CITY ONLINE")).isEqualTo("none");
    assertThat(code("VATTENFALL EUROPE ENERGY")).isEqualTo("RENT_AND_UTILITIES_GAS_AND_ELECTRICITY");
    assertThat(code("LLOYDS BANK PLC")).isEqualTo("none");
    // a council that runs car parks is paid council tax too
    assertThat(code("BATH AND NORTH EAST SOMERSET COUNCIL")).isNotEqualTo("TRANSPORTATION_PARKING");
    List<String> brands = lines("brand-lexicon.csv");
    assertThat(brands).anySatisfy(l -> assertThat(l).contains("name-suggestion-index@8.0.20260918"))
        .anySatisfy(l -> assertThat(l).contains("BSD 3-Clause"));
    List<String> phrases = brands.stream().filter(l -> !l.startsWith("#") && !l.startsWith("phrase,")).toList();
    assertThat(phrases).allSatisfy(l -> {
      String phrase = l.substring(0, l.indexOf(','));
      // what the generator tokenized is what BankText reads
      assertThat(String.join(" ", BankText.tokens(phrase))).isEqualTo(phrase);
      assertThat(l).endsWith(",out");
    });
  }
}
