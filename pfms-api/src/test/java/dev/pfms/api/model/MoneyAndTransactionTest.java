package dev.pfms.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyAndTransactionTest {

  @Test
  void moneyScalesToCurrencyDigitsSoEqualAmountsAreEqual() {
    assertThat(Money.of("12.5", "GBP")).isEqualTo(Money.of("12.50", "GBP"));
    assertThat(Money.of("100", "JPY").amount().scale()).isZero();
    assertThat(Money.of("1.2345", "EUR").amount()).isEqualByComparingTo("1.2345");
  }

  @Test
  void moneyRefusesArithmeticAcrossCurrencies() {
    assertThatThrownBy(() -> Money.of("1", "GBP").plus(Money.of("1", "EUR")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GBP").hasMessageContaining("EUR");
    assertThat(Money.of("1.10", "GBP").plus(Money.of("2.05", "GBP"))).isEqualTo(Money.of("3.15", "GBP"));
    assertThat(Money.of("-3", "GBP").abs()).isEqualTo(Money.of("3", "GBP"));
  }

  @Test
  void idsAreStableAcrossFormattingAndDistinctPerOccurrence() {
    Money m = new Money(new BigDecimal("-3.20"), Currency.getInstance("GBP"));
    LocalDate d = LocalDate.of(2025, 3, 1);
    String a = TransactionIds.of("acc", d, m, "STARBUCKS  #12", 0);
    assertThat(TransactionIds.of("acc", d, new Money(new BigDecimal("-3.2"), m.currency()), "starbucks #12 ", 0)).isEqualTo(a);
    assertThat(TransactionIds.of("acc", d, m, "STARBUCKS #12", 1)).isNotEqualTo(a);
    assertThat(a).matches("[0-9a-f]{32}");
    TransactionIds.Occurrences occ = new TransactionIds.Occurrences();
    assertThat(occ.next("acc", d, m, "X")).isZero();
    assertThat(occ.next("acc", d, m, "X")).isOne();
    assertThat(occ.next("acc", d, m, "Y")).isZero();
  }

  @Test
  void transactionToStringHidesDescription() {
    Transaction t = Transaction.builder().bookingDate(LocalDate.of(2025, 1, 1)).amount(Money.of("-1", "GBP"))
        .description("PAYMENT TO JOHN SMITH IBAN GB29NWBK60161331926819").build();
    assertThat(t.toString()).doesNotContain("JOHN").doesNotContain("GB29");
    assertThat(t.merchant()).doesNotContain("60161331926819");
  }

  @Test
  void merchantsStripBankNoise() {
    assertThat(Merchants.normalize("POS 1234 TESCO STORES 3245 LONDON GB")).isEqualTo("TESCO STORES LONDON");
    assertThat(Merchants.normalize("CARD PAYMENT TO NETFLIX.COM ****1234 ON 12/03")).isEqualTo("NETFLIX COM");
    assertThat(Merchants.normalize("12345")).isEqualTo("12345");
  }

  @Test
  void taxonomyHasTwoLevelsOfTheAdvertisedSize() {
    Taxonomy t = Taxonomy.standard();
    assertThat(t.primaries()).hasSizeBetween(14, 18);
    assertThat(t.all().size() - t.primaries().size()).isBetween(80, 120);
    assertThat(Category.of("FOOD_AND_DRINK_COFFEE").primary()).isEqualTo("FOOD_AND_DRINK");
    assertThat(t.label(Category.of("FOOD_AND_DRINK_COFFEE"))).isEqualTo("Coffee shops");
    assertThat(Category.of("my-label").primary()).isEqualTo("my-label");
  }
}
